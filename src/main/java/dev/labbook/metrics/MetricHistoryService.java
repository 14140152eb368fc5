package dev.labbook.metrics;

import static dev.labbook.db.schema.Tables.METRICS;

import dev.labbook.db.Database;
import dev.labbook.db.Keyset;
import dev.labbook.db.SortKey;
import dev.labbook.http.MlflowException;
import dev.labbook.http.StreamedResponse;
import dev.labbook.model.Page;
import dev.labbook.runs.RunService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.impl.DSL;

/** Reading metric series: the full history (paged) and the sampled series the UI's charts draw. */
public final class MetricHistoryService {
    public static final int MAX_BULK_RUN_IDS = 100;
    public static final int MAX_SAMPLED_POINTS = 2500;
    public static final int MAX_BULK_POINTS = 25_000;

    /** History order is timestamp, step, value; is_nan completes the unique key for paging. */
    private static final List<SortKey> HISTORY_ORDER = List.of(
            SortKey.of(METRICS.TIMESTAMP, true), SortKey.of(METRICS.STEP, true),
            SortKey.of(METRICS.VALUE, true), SortKey.of(METRICS.IS_NAN, true));

    private final Database db;
    private final RunService runs;
    private final MetricStore store = new MetricStore();

    public MetricHistoryService(Database db, RunService runs) {
        this.db = db;
        this.runs = runs;
    }

    /** A missing or zero max_results means the whole history. */
    public Page<Metric> history(String runId, String key, Integer maxResults, String pageToken) {
        Condition where = METRICS.RUN_UUID.eq(runId).and(METRICS.KEY.eq(key));
        if (pageToken != null && !pageToken.isEmpty()) {
            where = where.and(Keyset.after(HISTORY_ORDER, Keyset.parseToken(pageToken, HISTORY_ORDER)));
        }
        Condition finalWhere = where;
        boolean paged = maxResults != null && maxResults > 0;
        return db.tx(ctx -> {
            runs.require(ctx, runId);
            var query = ctx.select(METRICS.KEY, METRICS.VALUE, METRICS.IS_NAN, METRICS.TIMESTAMP, METRICS.STEP)
                    .from(METRICS).where(finalWhere)
                    .orderBy(HISTORY_ORDER.stream().map(SortKey::orderField).toList());
            List<? extends Record> rows = paged ? query.limit(maxResults + 1).fetch() : query.fetch();
            String next = null;
            if (paged && rows.size() > maxResults) {
                next = Keyset.tokenAfter(HISTORY_ORDER, rows.get(maxResults - 1));
                rows = rows.subList(0, maxResults);
            }
            List<Metric> points = new ArrayList<>(rows.size());
            rows.forEach(r -> points.add(MetricStore.fromRecord(r)));
            return new Page<>(points, next);
        });
    }

    /**
     * The whole history in one answer. Read in the primary key's order, which needs no sort in the
     * database (ordering a million points by timestamp there means a disk sort), and streamed from
     * the driver in chunks, so the server holds only the compact series.
     */
    public StreamedResponse wholeHistory(String runId, String key) {
        return db.tx(ctx -> {
            runs.require(ctx, runId);
            return store.series(ctx, runId, key).inHistoryOrder();
        });
    }

    public record RunMetric(String runId, Metric metric) {}

    /** The legacy UI call: whole histories of several runs, by run id then history order, capped. */
    public List<RunMetric> bulk(List<String> runIds, String key, int maxResults) {
        checkRunIds(runIds, "GetMetricHistoryBulk");
        int limit = Math.max(1, Math.min(maxResults, MAX_BULK_POINTS));
        return db.tx(ctx -> {
            List<RunMetric> out = new ArrayList<>();
            ctx.select(METRICS.RUN_UUID, METRICS.KEY, METRICS.VALUE, METRICS.IS_NAN, METRICS.TIMESTAMP, METRICS.STEP)
                    .from(METRICS).where(METRICS.RUN_UUID.in(runIds).and(METRICS.KEY.eq(key)))
                    .orderBy(METRICS.RUN_UUID, METRICS.TIMESTAMP, METRICS.STEP, METRICS.VALUE)
                    .limit(limit)
                    .forEach(r -> out.add(new RunMetric(r.get(METRICS.RUN_UUID), MetricStore.fromRecord(r))));
            return out;
        });
    }

    private static void checkRunIds(List<String> runIds, String request) {
        if (runIds.isEmpty()) {
            throw MlflowException.invalidParameter(request + " request must specify at least one run_id.");
        }
        if (runIds.size() > MAX_BULK_RUN_IDS) {
            throw MlflowException.invalidParameter(request + " request must specify at most "
                    + MAX_BULK_RUN_IDS + " run_ids. Received " + runIds.size() + " run_ids.");
        }
    }

    /**
     * Up to maxResults points per run, evenly spaced over the run's points ordered by step: the
     * first point of each of maxResults equal buckets (SQL NTILE), with the run's last point always
     * kept. This is MLflow's sampling; it bounds the answer however many points share a step. A
     * dense series (one point per step, no gaps) numbers its points by step, so the bucket starts are
     * worked out from its step range and only those points are read.
     */
    public List<RunMetric> sampled(List<String> runIds, String key, int maxResults, Long startStep, Long endStep) {
        checkRunIds(runIds, "GetMetricHistoryBulkInterval");
        if (maxResults < 1 || maxResults > MAX_SAMPLED_POINTS) {
            throw MlflowException.invalidParameter("max_results must be between 1 and " + MAX_SAMPLED_POINTS + ".");
        }
        if ((startStep == null) != (endStep == null)) {
            throw MlflowException.invalidParameter(
                    "If either start step or end step are specified, both must be specified.");
        }
        if (startStep != null && startStep > endStep) {
            throw MlflowException.invalidParameter("end_step must be greater than start_step. Found start_step="
                    + startStep + " and end_step=" + endStep + ".");
        }
        return db.tx(ctx -> {
            List<RunMetric> out = new ArrayList<>();
            for (String runId : runIds) {
                runs.require(ctx, runId);
            }
            Map<String, long[]> denseRanges = store.denseStepRanges(ctx, runIds, key);
            for (String runId : runIds) {
                long[] dense = denseRanges.get(runId);
                List<Metric> points = dense != null
                        ? sampleDense(ctx, runId, key, dense, maxResults, startStep, endStep)
                        : sampleRun(ctx, runId, key, maxResults, startStep, endStep);
                for (Metric m : points) {
                    out.add(new RunMetric(runId, m));
                }
            }
            return out;
        });
    }

    private List<Metric> sampleDense(DSLContext ctx, String runId, String key, long[] range, int maxResults,
                                     Long startStep, Long endStep) {
        long first = startStep == null ? range[0] : Math.max(range[0], startStep);
        long last = endStep == null ? range[1] : Math.min(range[1], endStep);
        if (first > last) {
            return List.of();
        }
        // Step first + i is the i-th point; the last point is always kept, replacing the last bucket's.
        List<Long> steps = new ArrayList<>();
        long[] starts = Ntile.bucketStarts(last - first + 1, maxResults);
        for (long rank : starts) {
            steps.add(first + rank);
        }
        if (steps.get(steps.size() - 1) != last) {
            if (steps.size() >= maxResults) {
                steps.set(steps.size() - 1, last);
            } else {
                steps.add(last);
            }
        }
        return store.pointsAtSteps(ctx, runId, key, steps);
    }

    private List<Metric> sampleRun(DSLContext ctx, String runId, String key, int maxResults, Long startStep,
                                   Long endStep) {
        Condition where = METRICS.RUN_UUID.eq(runId).and(METRICS.KEY.eq(key));
        if (startStep != null) {
            where = where.and(METRICS.STEP.between(startStep, endStep));
        }
        var order = List.of(METRICS.STEP.asc(), METRICS.TIMESTAMP.asc(), METRICS.VALUE.asc(), METRICS.IS_NAN.asc());
        Field<Integer> bucket = DSL.ntile(maxResults).over().orderBy(order).as("bucket");
        var bucketed = ctx.select(METRICS.STEP, METRICS.TIMESTAMP, METRICS.VALUE, METRICS.IS_NAN, bucket)
                .from(METRICS).where(where).asTable("bucketed");
        Field<Long> step = bucketed.field(METRICS.STEP);
        Field<Long> timestamp = bucketed.field(METRICS.TIMESTAMP);
        Field<Double> value = bucketed.field(METRICS.VALUE);
        Field<Boolean> isNan = bucketed.field(METRICS.IS_NAN);
        Field<Integer> rowInBucket = DSL.rowNumber().over()
                .partitionBy(bucketed.field("bucket")).orderBy(step, timestamp, value, isNan).as("row_in_bucket");
        var ranked = ctx.select(step, timestamp, value, isNan, rowInBucket).from(bucketed).asTable("ranked");
        List<Metric> points = new ArrayList<>();
        ctx.select(ranked.field(step), ranked.field(timestamp), ranked.field(value), ranked.field(isNan))
                .from(ranked).where(ranked.field(rowInBucket).eq(1))
                .orderBy(ranked.field(step), ranked.field(timestamp), ranked.field(value), ranked.field(isNan))
                .forEach(r -> points.add(toMetric(key, r)));
        Record4<Long, Long, Double, Boolean> last = ctx.select(METRICS.STEP, METRICS.TIMESTAMP, METRICS.VALUE, METRICS.IS_NAN)
                .from(METRICS).where(where)
                .orderBy(METRICS.STEP.desc(), METRICS.TIMESTAMP.desc(), METRICS.VALUE.desc(), METRICS.IS_NAN.desc())
                .limit(1).fetchOne();
        if (last != null) {
            Metric lastPoint = toMetric(key, last);
            if (points.isEmpty() || !sameStoredPoint(points.get(points.size() - 1), lastPoint)) {
                if (points.size() >= maxResults) {
                    points.set(points.size() - 1, lastPoint);
                } else {
                    points.add(lastPoint);
                }
            }
        }
        return points;
    }

    private static boolean sameStoredPoint(Metric a, Metric b) {
        return a.step() == b.step() && a.timestamp() == b.timestamp() && a.isNan() == b.isNan()
                && a.storedValue() == b.storedValue();
    }

    private static Metric toMetric(String key, Record r) {
        // Columns are step, timestamp, value, is_nan.
        return Metric.fromStored(key, r.get(2, Double.class), r.get(3, Boolean.class), r.get(1, Long.class),
                r.get(0, Long.class));
    }
}
