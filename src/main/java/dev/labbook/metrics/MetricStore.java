package dev.labbook.metrics;

import static dev.labbook.db.schema.Tables.LATEST_METRICS;
import static dev.labbook.db.schema.Tables.METRICS;

import dev.labbook.db.BinaryCollation;
import dev.labbook.db.UpsertSyntax;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row6;
import org.jooq.impl.DSL;

/** SQL for metric history and the latest-value table. This is the ingestion hot path. */
public final class MetricStore {
    private static final Comparator<Metric> BY_KEY = Comparator.comparing(Metric::key, BinaryCollation.ORDER);

    /**
     * Stores points with one multi-row insert (exact duplicates are ignored, as MLflow does) and
     * keeps latest_metrics with one multi-row conditional upsert. Rows are sorted by key so that
     * concurrent batches lock rows in the same order and cannot deadlock each other.
     */
    public void insert(DSLContext ctx, String runId, List<Metric> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        List<Row6<String, String, Long, Long, Double, Boolean>> rows = new ArrayList<>(metrics.size());
        metrics.stream()
                .sorted(Comparator.comparing(Metric::key).thenComparingLong(Metric::step)
                        .thenComparingLong(Metric::timestamp))
                .forEach(m -> rows.add(DSL.row(runId, m.key(), m.step(), m.timestamp(), m.storedValue(), m.isNan())));
        UpsertSyntax.of(ctx).insertInto(METRICS, METRICS.RUN_UUID, METRICS.KEY, METRICS.STEP, METRICS.TIMESTAMP, METRICS.VALUE,
                        METRICS.IS_NAN)
                .valuesOfRows(rows)
                .onDuplicateKeyIgnore()
                .execute();
        upsertLatest(ctx, runId, latestPerKey(metrics));
    }

    static Collection<Metric> latestPerKey(List<Metric> metrics) {
        Map<String, Metric> best = new LinkedHashMap<>();
        for (Metric m : metrics) {
            best.merge(m.key(), m, (a, b) -> b.supersedes(a) ? b : a);
        }
        return best.values().stream().sorted(Comparator.comparing(Metric::key)).toList();
    }

    /**
     * One statement, no read-modify-write: a new point replaces the stored one only when its
     * (step, timestamp, value) is greater. MariaDB applies ON DUPLICATE KEY UPDATE assignments left
     * to right, so is_nan and value are assigned before the columns the comparison reads change in
     * a way that would flip it (a win on step or timestamp still wins after value is replaced).
     */
    private void upsertLatest(DSLContext ctx, String runId, Collection<Metric> latest) {
        List<Row6<String, String, Long, Long, Double, Boolean>> rows = new ArrayList<>(latest.size());
        latest.forEach(m -> rows.add(DSL.row(runId, m.key(), m.step(), m.timestamp(), m.storedValue(), m.isNan())));
        Condition newer = LATEST_METRICS.STEP.lt(DSL.excluded(LATEST_METRICS.STEP))
                .or(LATEST_METRICS.STEP.eq(DSL.excluded(LATEST_METRICS.STEP))
                        .and(LATEST_METRICS.TIMESTAMP.lt(DSL.excluded(LATEST_METRICS.TIMESTAMP))
                                .or(LATEST_METRICS.TIMESTAMP.eq(DSL.excluded(LATEST_METRICS.TIMESTAMP))
                                        .and(LATEST_METRICS.VALUE.lt(DSL.excluded(LATEST_METRICS.VALUE))))));
        UpsertSyntax.of(ctx).insertInto(LATEST_METRICS, LATEST_METRICS.RUN_UUID, LATEST_METRICS.KEY, LATEST_METRICS.STEP,
                        LATEST_METRICS.TIMESTAMP, LATEST_METRICS.VALUE, LATEST_METRICS.IS_NAN)
                .valuesOfRows(rows)
                .onDuplicateKeyUpdate()
                .set(LATEST_METRICS.IS_NAN, ifNewer(newer, LATEST_METRICS.IS_NAN))
                .set(LATEST_METRICS.VALUE, ifNewer(newer, LATEST_METRICS.VALUE))
                .set(LATEST_METRICS.TIMESTAMP, ifNewer(newer, LATEST_METRICS.TIMESTAMP))
                .set(LATEST_METRICS.STEP, ifNewer(newer, LATEST_METRICS.STEP))
                .execute();
    }

    private static <T> Field<T> ifNewer(Condition newer, Field<T> column) {
        return DSL.when(newer, DSL.excluded(column)).otherwise(column);
    }

    public Map<String, List<Metric>> latestOf(DSLContext ctx, Collection<String> runIds) {
        Map<String, List<Metric>> byRun = new HashMap<>();
        if (runIds.isEmpty()) {
            return byRun;
        }
        // Sorted per run here: an ORDER BY made MariaDB filesort a whole page's rows before sending any.
        ctx.selectFrom(LATEST_METRICS).where(LATEST_METRICS.RUN_UUID.in(runIds))
                .forEach(r -> byRun.computeIfAbsent(r.getRunUuid(), k -> new ArrayList<>())
                        .add(Metric.fromStored(r.getKey(), r.getValue(), r.getIsNan(), r.getTimestamp(), r.getStep())));
        byRun.values().forEach(list -> list.sort(BY_KEY));
        return byRun;
    }

    static Metric fromRecord(Record r) {
        return Metric.fromStored(r.get(METRICS.KEY), r.get(METRICS.VALUE), r.get(METRICS.IS_NAN),
                r.get(METRICS.TIMESTAMP), r.get(METRICS.STEP));
    }
}
