package dev.labbook.scorers;

import static dev.labbook.db.schema.Tables.EXPERIMENTS;
import static dev.labbook.db.schema.Tables.ONLINE_SCORING_CONFIGS;
import static dev.labbook.db.schema.Tables.SCORERS;
import static dev.labbook.db.schema.Tables.SCORER_VERSIONS;

import dev.labbook.db.ReadScope;
import dev.labbook.model.Lifecycle;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** SQL for registered scorers, their versions and their online scoring configs. */
public final class ScorerStore {

    /** The scorer named exactly {@code name} in the experiment (the collation is binary). */
    public Optional<String> scorerId(DSLContext ctx, long experimentId, String name) {
        return ctx.select(SCORERS.SCORER_ID).from(SCORERS)
                .where(SCORERS.EXPERIMENT_ID.eq(experimentId).and(SCORERS.SCORER_NAME.eq(name)))
                .fetchOptional(SCORERS.SCORER_ID);
    }

    public void insertScorer(DSLContext ctx, String scorerId, long experimentId, String name) {
        ctx.insertInto(SCORERS).set(SCORERS.SCORER_ID, scorerId).set(SCORERS.EXPERIMENT_ID, experimentId)
                .set(SCORERS.SCORER_NAME, name).execute();
    }

    /** The highest version of the scorer, 0 when it has none (a scorer whose versions were all deleted). */
    public int maxVersion(DSLContext ctx, String scorerId) {
        Integer max = ctx.select(DSL.max(SCORER_VERSIONS.SCORER_VERSION)).from(SCORER_VERSIONS)
                .where(SCORER_VERSIONS.SCORER_ID.eq(scorerId)).fetchOne(0, Integer.class);
        return max == null ? 0 : max;
    }

    public void insertVersion(DSLContext ctx, String scorerId, int version, String serialized, long creationTime) {
        ctx.insertInto(SCORER_VERSIONS).set(SCORER_VERSIONS.SCORER_ID, scorerId)
                .set(SCORER_VERSIONS.SCORER_VERSION, version).set(SCORER_VERSIONS.SERIALIZED_SCORER, serialized)
                .set(SCORER_VERSIONS.CREATION_TIME, creationTime).execute();
    }

    /** One version, or the latest when {@code version} is null. */
    public Optional<ScorerVersion> version(DSLContext ctx, String scorerId, Integer version) {
        Condition which = version == null
                ? SCORER_VERSIONS.SCORER_VERSION.eq(DSL.select(DSL.max(SCORER_VERSIONS.SCORER_VERSION))
                        .from(SCORER_VERSIONS).where(SCORER_VERSIONS.SCORER_ID.eq(scorerId)))
                : SCORER_VERSIONS.SCORER_VERSION.eq(version);
        return selectVersions(ctx).where(SCORER_VERSIONS.SCORER_ID.eq(scorerId).and(which))
                .fetchOptional(ScorerStore::from);
    }

    /** Every version of the scorer, oldest first. */
    public List<ScorerVersion> versions(DSLContext ctx, String scorerId) {
        return selectVersions(ctx).where(SCORER_VERSIONS.SCORER_ID.eq(scorerId))
                .orderBy(SCORER_VERSIONS.SCORER_VERSION).fetch(ScorerStore::from);
    }

    /**
     * The latest version of each scorer of these experiments (null: every active experiment the
     * caller may read), ordered by experiment and name; scorers without versions are left out.
     */
    public List<ScorerVersion> latest(DSLContext ctx, Collection<Long> experimentIds) {
        var latest = DSL.select(SCORER_VERSIONS.SCORER_ID, DSL.max(SCORER_VERSIONS.SCORER_VERSION).as("max_version"))
                .from(SCORER_VERSIONS).groupBy(SCORER_VERSIONS.SCORER_ID).asTable("latest");
        Condition experiments = experimentIds != null ? SCORERS.EXPERIMENT_ID.in(experimentIds)
                : SCORERS.EXPERIMENT_ID.in(DSL.select(EXPERIMENTS.EXPERIMENT_ID).from(EXPERIMENTS)
                        .where(EXPERIMENTS.LIFECYCLE_STAGE.eq(Lifecycle.ACTIVE))
                        .and(ReadScope.experiments(EXPERIMENTS.EXPERIMENT_ID)));
        return selectVersions(ctx)
                .join(latest).on(latest.field(SCORER_VERSIONS.SCORER_ID).eq(SCORER_VERSIONS.SCORER_ID)
                        .and(latest.field("max_version", Integer.class).eq(SCORER_VERSIONS.SCORER_VERSION)))
                .where(experiments)
                .orderBy(SCORERS.EXPERIMENT_ID, SCORERS.SCORER_NAME).fetch(ScorerStore::from);
    }

    /** Which of these experiments exist and are active. */
    public List<Long> activeExperiments(DSLContext ctx, Collection<Long> ids) {
        return ctx.select(EXPERIMENTS.EXPERIMENT_ID).from(EXPERIMENTS)
                .where(EXPERIMENTS.EXPERIMENT_ID.in(ids).and(EXPERIMENTS.LIFECYCLE_STAGE.eq(Lifecycle.ACTIVE)))
                .fetch(EXPERIMENTS.EXPERIMENT_ID);
    }

    public int deleteVersion(DSLContext ctx, String scorerId, int version) {
        return ctx.deleteFrom(SCORER_VERSIONS)
                .where(SCORER_VERSIONS.SCORER_ID.eq(scorerId).and(SCORER_VERSIONS.SCORER_VERSION.eq(version))).execute();
    }

    /** Deletes the scorer, its versions and its online config; the number of versions it had. */
    public int deleteScorer(DSLContext ctx, String scorerId) {
        int versions = ctx.deleteFrom(SCORER_VERSIONS).where(SCORER_VERSIONS.SCORER_ID.eq(scorerId)).execute();
        ctx.deleteFrom(ONLINE_SCORING_CONFIGS).where(ONLINE_SCORING_CONFIGS.SCORER_ID.eq(scorerId)).execute();
        ctx.deleteFrom(SCORERS).where(SCORERS.SCORER_ID.eq(scorerId)).execute();
        return versions;
    }

    /** Replaces the scorer's online config. */
    public void replaceConfig(DSLContext ctx, OnlineScoringConfig config) {
        ctx.deleteFrom(ONLINE_SCORING_CONFIGS).where(ONLINE_SCORING_CONFIGS.SCORER_ID.eq(config.scorerId())).execute();
        ctx.insertInto(ONLINE_SCORING_CONFIGS)
                .set(ONLINE_SCORING_CONFIGS.ONLINE_SCORING_CONFIG_ID, config.id())
                .set(ONLINE_SCORING_CONFIGS.SCORER_ID, config.scorerId())
                .set(ONLINE_SCORING_CONFIGS.SAMPLE_RATE, config.sampleRate())
                .set(ONLINE_SCORING_CONFIGS.EXPERIMENT_ID, config.experimentId())
                .set(ONLINE_SCORING_CONFIGS.FILTER_STRING, config.filterString()).execute();
    }

    public List<OnlineScoringConfig> configs(DSLContext ctx, Collection<String> scorerIds) {
        return ctx.selectFrom(ONLINE_SCORING_CONFIGS).where(ONLINE_SCORING_CONFIGS.SCORER_ID.in(scorerIds))
                .orderBy(ONLINE_SCORING_CONFIGS.SCORER_ID)
                .fetch(r -> new OnlineScoringConfig(r.getOnlineScoringConfigId(), r.getScorerId(), r.getSampleRate(),
                        r.getExperimentId(), r.getFilterString()));
    }

    private static org.jooq.SelectOnConditionStep<Record> selectVersions(DSLContext ctx) {
        return ctx.select(List.<org.jooq.SelectFieldOrAsterisk>of(SCORERS.EXPERIMENT_ID, SCORERS.SCORER_ID,
                        SCORERS.SCORER_NAME, SCORER_VERSIONS.SCORER_VERSION, SCORER_VERSIONS.SERIALIZED_SCORER,
                        SCORER_VERSIONS.CREATION_TIME))
                .from(SCORER_VERSIONS).join(SCORERS).on(SCORERS.SCORER_ID.eq(SCORER_VERSIONS.SCORER_ID));
    }

    private static ScorerVersion from(Record r) {
        return new ScorerVersion(r.get(SCORERS.EXPERIMENT_ID), r.get(SCORERS.SCORER_ID), r.get(SCORERS.SCORER_NAME),
                r.get(SCORER_VERSIONS.SCORER_VERSION), r.get(SCORER_VERSIONS.SERIALIZED_SCORER),
                r.get(SCORER_VERSIONS.CREATION_TIME));
    }
}
