package dev.labbook.auth;

import static dev.labbook.db.schema.Tables.API_TOKENS;
import static dev.labbook.db.schema.Tables.EVALUATION_DATASET_EXPERIMENTS;
import static dev.labbook.db.schema.Tables.EXPERIMENTS;
import static dev.labbook.db.schema.Tables.EXPERIMENT_PERMISSIONS;
import static dev.labbook.db.schema.Tables.ISSUES;
import static dev.labbook.db.schema.Tables.LABEL_SCHEMAS;
import static dev.labbook.db.schema.Tables.LOGGED_MODELS;
import static dev.labbook.db.schema.Tables.ONLINE_SCORING_CONFIGS;
import static dev.labbook.db.schema.Tables.REGISTERED_MODELS;
import static dev.labbook.db.schema.Tables.REGISTERED_MODEL_PERMISSIONS;
import static dev.labbook.db.schema.Tables.REVIEW_QUEUES;
import static dev.labbook.db.schema.Tables.REVIEW_QUEUE_USERS;
import static dev.labbook.db.schema.Tables.RUNS;
import static dev.labbook.db.schema.Tables.TRACE_INFO;
import static dev.labbook.db.schema.Tables.USERS;

import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Table;

/** SQL for users, their permissions and API tokens, plus the lookups that map a request to its resource. */
final class AuthStore {

    Optional<StoredUser> user(DSLContext ctx, String username) {
        return ctx.selectFrom(USERS).where(USERS.USERNAME.eq(username)).fetchOptional()
                .map(r -> new StoredUser(r.getId(), r.getUsername(), r.getPasswordHash(), r.getIsAdmin()));
    }

    Optional<StoredUser> user(DSLContext ctx, long id) {
        return ctx.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional()
                .map(r -> new StoredUser(r.getId(), r.getUsername(), r.getPasswordHash(), r.getIsAdmin()));
    }

    List<StoredUser> users(DSLContext ctx) {
        return ctx.selectFrom(USERS).orderBy(USERS.ID).fetch()
                .map(r -> new StoredUser(r.getId(), r.getUsername(), r.getPasswordHash(), r.getIsAdmin()));
    }

    boolean hasUsers(DSLContext ctx) {
        return ctx.fetchExists(USERS);
    }

    StoredUser insertUser(DSLContext ctx, String username, String passwordHash, boolean admin) {
        ctx.insertInto(USERS).set(USERS.USERNAME, username).set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.IS_ADMIN, admin).execute();
        return user(ctx, username).orElseThrow();
    }

    void updatePassword(DSLContext ctx, long userId, String passwordHash) {
        ctx.update(USERS).set(USERS.PASSWORD_HASH, passwordHash).where(USERS.ID.eq(userId)).execute();
    }

    void updateAdmin(DSLContext ctx, long userId, boolean admin) {
        ctx.update(USERS).set(USERS.IS_ADMIN, admin).where(USERS.ID.eq(userId)).execute();
    }

    /** Permissions and tokens go with the user (ON DELETE CASCADE). */
    void deleteUser(DSLContext ctx, long userId) {
        ctx.deleteFrom(USERS).where(USERS.ID.eq(userId)).execute();
    }

    // ---- permissions ----

    /** A permission table: one row per user and resource (an experiment id or a model name). */
    private record Grants<K>(Table<?> table, Field<Long> user, Field<K> resource, Field<String> permission) {
        Condition row(long userId, K key) {
            return user.eq(userId).and(resource.eq(key));
        }

        Optional<Permission> get(DSLContext ctx, long userId, K key) {
            return ctx.select(permission).from(table).where(row(userId, key))
                    .fetchOptional(Record1::value1).map(Permission::valueOf);
        }

        void insert(DSLContext ctx, long userId, K key, Permission level) {
            ctx.insertInto(table).set(user, userId).set(resource, key).set(permission, level.name()).execute();
        }

        int update(DSLContext ctx, long userId, K key, Permission level) {
            return ctx.update(table).set(permission, level.name()).where(row(userId, key)).execute();
        }

        int delete(DSLContext ctx, long userId, K key) {
            return ctx.deleteFrom(table).where(row(userId, key)).execute();
        }
    }

    private static final Grants<Long> EXPERIMENT_GRANTS = new Grants<>(EXPERIMENT_PERMISSIONS,
            EXPERIMENT_PERMISSIONS.USER_ID, EXPERIMENT_PERMISSIONS.EXPERIMENT_ID, EXPERIMENT_PERMISSIONS.PERMISSION);
    private static final Grants<String> MODEL_GRANTS = new Grants<>(REGISTERED_MODEL_PERMISSIONS,
            REGISTERED_MODEL_PERMISSIONS.USER_ID, REGISTERED_MODEL_PERMISSIONS.NAME,
            REGISTERED_MODEL_PERMISSIONS.PERMISSION);

    Optional<Permission> experimentPermission(DSLContext ctx, long userId, long experimentId) {
        return EXPERIMENT_GRANTS.get(ctx, userId, experimentId);
    }

    void insertExperimentPermission(DSLContext ctx, long userId, long experimentId, Permission permission) {
        EXPERIMENT_GRANTS.insert(ctx, userId, experimentId, permission);
    }

    int updateExperimentPermission(DSLContext ctx, long userId, long experimentId, Permission permission) {
        return EXPERIMENT_GRANTS.update(ctx, userId, experimentId, permission);
    }

    int deleteExperimentPermission(DSLContext ctx, long userId, long experimentId) {
        return EXPERIMENT_GRANTS.delete(ctx, userId, experimentId);
    }

    Optional<Permission> modelPermission(DSLContext ctx, long userId, String name) {
        return MODEL_GRANTS.get(ctx, userId, name);
    }

    void insertModelPermission(DSLContext ctx, long userId, String name, Permission permission) {
        MODEL_GRANTS.insert(ctx, userId, name, permission);
    }

    int updateModelPermission(DSLContext ctx, long userId, String name, Permission permission) {
        return MODEL_GRANTS.update(ctx, userId, name, permission);
    }

    int deleteModelPermission(DSLContext ctx, long userId, String name) {
        return MODEL_GRANTS.delete(ctx, userId, name);
    }

    // ---- tokens ----

    void insertToken(DSLContext ctx, String tokenId, long userId, String name, String tokenHash, long now, Long expiry) {
        ctx.insertInto(API_TOKENS).set(API_TOKENS.TOKEN_ID, tokenId).set(API_TOKENS.USER_ID, userId)
                .set(API_TOKENS.NAME, name).set(API_TOKENS.TOKEN_HASH, tokenHash)
                .set(API_TOKENS.CREATION_TIME, now).set(API_TOKENS.EXPIRY_TIME, expiry).execute();
    }

    /** The owner of a token that is neither revoked nor expired. */
    Optional<StoredUser> tokenOwner(DSLContext ctx, String tokenHash, long now) {
        return ctx.select(USERS.fields()).from(API_TOKENS).join(USERS).on(USERS.ID.eq(API_TOKENS.USER_ID))
                .where(API_TOKENS.TOKEN_HASH.eq(tokenHash).and(API_TOKENS.REVOKED_TIME.isNull())
                        .and(API_TOKENS.EXPIRY_TIME.isNull().or(API_TOKENS.EXPIRY_TIME.gt(now))))
                .fetchOptional(r -> new StoredUser(r.get(USERS.ID), r.get(USERS.USERNAME), r.get(USERS.PASSWORD_HASH),
                        r.get(USERS.IS_ADMIN)));
    }

    List<ApiToken> tokens(DSLContext ctx, StoredUser owner) {
        return ctx.selectFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(owner.id()))
                .orderBy(API_TOKENS.CREATION_TIME, API_TOKENS.TOKEN_ID).fetch()
                .map(r -> new ApiToken(r.getTokenId(), owner.username(), r.getName(), r.getCreationTime(),
                        r.getExpiryTime(), r.getRevokedTime()));
    }

    Optional<Long> tokenUser(DSLContext ctx, String tokenId) {
        return ctx.select(API_TOKENS.USER_ID).from(API_TOKENS).where(API_TOKENS.TOKEN_ID.eq(tokenId))
                .fetchOptional(Record1::value1);
    }

    void revokeToken(DSLContext ctx, String tokenId, long now) {
        ctx.update(API_TOKENS).set(API_TOKENS.REVOKED_TIME, now)
                .where(API_TOKENS.TOKEN_ID.eq(tokenId).and(API_TOKENS.REVOKED_TIME.isNull())).execute();
    }

    // ---- resources ----

    boolean experimentExists(DSLContext ctx, long experimentId) {
        return ctx.fetchExists(EXPERIMENTS, EXPERIMENTS.EXPERIMENT_ID.eq(experimentId));
    }

    Optional<Long> experimentIdByName(DSLContext ctx, String name) {
        return ctx.select(EXPERIMENTS.EXPERIMENT_ID).from(EXPERIMENTS)
                .where(EXPERIMENTS.NAME_HASH.eq(Passwords.sha256Hex(name)).and(EXPERIMENTS.NAME.eq(name)))
                .orderBy(EXPERIMENTS.LIFECYCLE_STAGE).limit(1).fetchOptional(Record1::value1);
    }

    Optional<Long> runExperiment(DSLContext ctx, String runId) {
        return ctx.select(RUNS.EXPERIMENT_ID).from(RUNS).where(RUNS.RUN_UUID.eq(runId)).fetchOptional(Record1::value1);
    }

    Optional<Long> loggedModelExperiment(DSLContext ctx, String modelId) {
        return ctx.select(LOGGED_MODELS.EXPERIMENT_ID).from(LOGGED_MODELS).where(LOGGED_MODELS.MODEL_ID.eq(modelId))
                .fetchOptional(Record1::value1);
    }

    Optional<Long> traceExperiment(DSLContext ctx, String traceId) {
        return ctx.select(TRACE_INFO.EXPERIMENT_ID).from(TRACE_INFO).where(TRACE_INFO.REQUEST_ID.eq(traceId))
                .fetchOptional(Record1::value1);
    }

    Optional<Long> issueExperiment(DSLContext ctx, String issueId) {
        return ctx.select(ISSUES.EXPERIMENT_ID).from(ISSUES).where(ISSUES.ISSUE_ID.eq(issueId))
                .fetchOptional(Record1::value1);
    }

    List<Long> onlineConfigExperiments(DSLContext ctx, List<String> scorerIds) {
        return ctx.selectDistinct(ONLINE_SCORING_CONFIGS.EXPERIMENT_ID).from(ONLINE_SCORING_CONFIGS)
                .where(ONLINE_SCORING_CONFIGS.SCORER_ID.in(scorerIds)).fetch(Record1::value1);
    }

    List<Long> datasetExperiments(DSLContext ctx, String datasetId) {
        return ctx.select(EVALUATION_DATASET_EXPERIMENTS.EXPERIMENT_ID).from(EVALUATION_DATASET_EXPERIMENTS)
                .where(EVALUATION_DATASET_EXPERIMENTS.DATASET_ID.eq(datasetId)).fetch(Record1::value1);
    }

    boolean modelExists(DSLContext ctx, String name) {
        return ctx.fetchExists(REGISTERED_MODELS, REGISTERED_MODELS.NAME.eq(name));
    }

    Optional<Long> labelSchemaExperiment(DSLContext ctx, String schemaId) {
        return ctx.select(LABEL_SCHEMAS.EXPERIMENT_ID).from(LABEL_SCHEMAS).where(LABEL_SCHEMAS.SCHEMA_ID.eq(schemaId))
                .fetchOptional(Record1::value1);
    }

    /** A review queue by id, or by experiment and name (ignoring case, as queue names are unique). */
    Optional<QueueFacts> reviewQueue(DSLContext ctx, String queueId, Long experimentId, String name) {
        Condition where = queueId != null ? REVIEW_QUEUES.QUEUE_ID.eq(queueId)
                : REVIEW_QUEUES.EXPERIMENT_ID.eq(experimentId).and(REVIEW_QUEUES.NAME_KEY.eq(name.toLowerCase(java.util.Locale.ROOT)));
        return ctx.select(REVIEW_QUEUES.QUEUE_ID, REVIEW_QUEUES.EXPERIMENT_ID, REVIEW_QUEUES.QUEUE_TYPE,
                        REVIEW_QUEUES.CREATED_BY).from(REVIEW_QUEUES).where(where).fetchOptional()
                .map(r -> new QueueFacts(r.value2(), "custom".equals(r.value3()), r.value4(),
                        ctx.select(REVIEW_QUEUE_USERS.USER_ID).from(REVIEW_QUEUE_USERS)
                                .where(REVIEW_QUEUE_USERS.QUEUE_ID.eq(r.value1())).fetch(Record1::value1)));
    }
}
