package dev.labbook.metrics;

import static dev.labbook.db.schema.Tables.LATEST_METRICS;
import static dev.labbook.db.schema.Tables.METRICS;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.labbook.db.BinaryCollation;
import dev.labbook.db.UpsertSyntax;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Row9;
import org.jooq.impl.DSL;

/** SQL for metric history and the latest-value table. This is the ingestion hot path. */
public final class MetricStore {
    private static final Comparator<Metric> BY_KEY = Comparator.comparing(Metric::key, BinaryCollation.ORDER);
    private static final String INSERT_POINTS =
            "INSERT IGNORE INTO metrics (run_uuid, `key`, step, `timestamp`, `value`, is_nan) VALUES ";

    private static final String SELECT_SERIES = "SELECT step, `timestamp`, `value`, is_nan FROM metrics "
            + "WHERE run_uuid = ? AND `key` = ? ORDER BY step, `timestamp`, `value`, is_nan";
    private static final int SERIES_FETCH_SIZE = 10_000;

    /** Rendering the upsert costs more than running it, so its SQL is kept per row count (key count). */
    private static final int CACHED_UPSERT_ROWS = 128;
    private static final Map<Integer, String> UPSERT_SQL = new ConcurrentHashMap<>();

    /**
     * Stores points with one multi-row insert (exact duplicates are ignored, as MLflow does) and
     * keeps latest_metrics with one multi-row conditional upsert. Rows are sorted by key so that
     * concurrent batches lock rows in the same order and cannot deadlock each other.
     */
    public void insert(DSLContext ctx, String runId, List<Metric> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        List<Metric> sorted = new ArrayList<>(metrics);
        sorted.sort(Comparator.comparing(Metric::key).thenComparingLong(Metric::step)
                .thenComparingLong(Metric::timestamp));
        ctx.connection(connection -> insertPoints(connection, runId, sorted));
        upsertLatest(ctx, runId, SeriesBatch.of(metrics));
    }

    /**
     * Plain JDBC on purpose: building and rendering a 1000-row insert through jOOQ cost more CPU than
     * the rest of a log-batch request together. The statement is the same on MariaDB and on H2 in
     * MariaDB mode.
     */
    private static void insertPoints(Connection connection, String runId, List<Metric> points) throws SQLException {
        StringBuilder sql = new StringBuilder(INSERT_POINTS.length() + points.size() * 14).append(INSERT_POINTS);
        for (int i = 0; i < points.size(); i++) {
            sql.append(i == 0 ? "(?,?,?,?,?,?)" : ",(?,?,?,?,?,?)");
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (Metric m : points) {
                insert.setString(p++, runId);
                insert.setString(p++, m.key());
                insert.setLong(p++, m.step());
                insert.setLong(p++, m.timestamp());
                insert.setDouble(p++, m.storedValue());
                insert.setBoolean(p++, m.isNan());
            }
            insert.executeUpdate();
        }
    }

    /**
     * One statement, no read-modify-write. The series stays dense only when the batch is dense and
     * sits right after or right before the stored range (an overlap could repeat a step); this is
     * assigned first, while the stored range is still the old one, then the range widens. A new
     * point replaces the stored latest one only when its (step, timestamp, value) is greater. MariaDB applies ON DUPLICATE KEY UPDATE
     * assignments left to right, so is_nan and value are assigned before the columns the comparison
     * reads change in a way that would flip it (a win on step or timestamp still wins after value is
     * replaced).
     */
    private void upsertLatest(DSLContext ctx, String runId, List<SeriesBatch> batches) {
        int rows = batches.size();
        String sql = rows <= CACHED_UPSERT_ROWS
                ? UPSERT_SQL.computeIfAbsent(rows, n -> renderUpsert(ctx, n))
                : renderUpsert(ctx, rows);
        ctx.connection(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(sql)) {
                int p = 1;
                for (SeriesBatch b : batches) {
                    Metric m = b.latest();
                    upsert.setString(p++, runId);
                    upsert.setString(p++, m.key());
                    upsert.setLong(p++, m.step());
                    upsert.setLong(p++, m.timestamp());
                    upsert.setDouble(p++, m.storedValue());
                    upsert.setBoolean(p++, m.isNan());
                    upsert.setLong(p++, b.minStep());
                    upsert.setLong(p++, b.maxStep());
                    upsert.setBoolean(p++, b.dense());
                }
                upsert.executeUpdate();
            }
        });
    }

    /** The upsert for a number of rows; its only bind values are the rows' nine columns, in order. */
    private static String renderUpsert(DSLContext ctx, int rowCount) {
        var l = LATEST_METRICS;
        List<Row9<String, String, Long, Long, Double, Boolean, Long, Long, Boolean>> rows = new ArrayList<>(rowCount);
        for (int i = 0; i < rowCount; i++) {
            rows.add(DSL.row("", "", 0L, 0L, 0.0, false, 0L, 0L, false));
        }
        Condition newer = l.STEP.lt(DSL.excluded(l.STEP))
                .or(l.STEP.eq(DSL.excluded(l.STEP))
                        .and(l.TIMESTAMP.lt(DSL.excluded(l.TIMESTAMP))
                                .or(l.TIMESTAMP.eq(DSL.excluded(l.TIMESTAMP))
                                        .and(l.VALUE.lt(DSL.excluded(l.VALUE))))));
        DSLContext mariadb = UpsertSyntax.of(ctx);
        return mariadb.render(mariadb.insertInto(l, l.RUN_UUID, l.KEY, l.STEP, l.TIMESTAMP, l.VALUE, l.IS_NAN,
                        l.MIN_STEP, l.MAX_STEP, l.STEPS_DENSE)
                .valuesOfRows(rows)
                .onDuplicateKeyUpdate()
                .set(l.STEPS_DENSE, DSL.field(l.STEPS_DENSE.isTrue()
                        .and(DSL.inline(true).eq(DSL.excluded(l.STEPS_DENSE)))
                        .and(adjacent(l.MAX_STEP, DSL.excluded(l.MIN_STEP), 1)
                                .or(adjacent(l.MIN_STEP, DSL.excluded(l.MAX_STEP), -1)))))
                .set(l.MIN_STEP, DSL.least(l.MIN_STEP, DSL.excluded(l.MIN_STEP)))
                .set(l.MAX_STEP, DSL.greatest(l.MAX_STEP, DSL.excluded(l.MAX_STEP)))
                .set(l.IS_NAN, ifNewer(newer, l.IS_NAN))
                .set(l.VALUE, ifNewer(newer, l.VALUE))
                .set(l.TIMESTAMP, ifNewer(newer, l.TIMESTAMP))
                .set(l.STEP, ifNewer(newer, l.STEP)));
    }

    /**
     * stored + direction = newEdge, as a CASE whose arithmetic only runs when it cannot leave
     * BIGINT's range (steps may be any int64). VALUES() stays on the right of the comparison and out
     * of arithmetic, where H2's parser accepts it.
     */
    private static Condition adjacent(Field<Long> stored, Field<Long> newEdge, int direction) {
        Condition room = direction > 0 ? stored.lt(DSL.inline(Long.MAX_VALUE)) : stored.gt(DSL.inline(Long.MIN_VALUE));
        Field<Long> next = direction > 0 ? stored.plus(DSL.inline(1L)) : stored.minus(DSL.inline(1L));
        return DSL.condition(DSL.when(room.not(), DSL.inline(false)).when(next.eq(newEdge), DSL.inline(true))
                .otherwise(DSL.inline(false)));
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

    /** The step ranges of the runs' series of one key that hold exactly one point per step, by run id. */
    public Map<String, long[]> denseStepRanges(DSLContext ctx, Collection<String> runIds, String key) {
        var l = LATEST_METRICS;
        Map<String, long[]> ranges = new HashMap<>();
        ctx.select(l.RUN_UUID, l.MIN_STEP, l.MAX_STEP).from(l)
                .where(l.RUN_UUID.in(runIds).and(l.KEY.eq(key)).and(l.STEPS_DENSE.isTrue()))
                .forEach(r -> ranges.put(r.value1(), new long[] {r.value2(), r.value3()}));
        return ranges;
    }

    /**
     * A whole series in the primary key's order, which needs no sort in the database, streamed from
     * the driver in chunks into primitive columns. Plain JDBC: a million jOOQ records cost more than
     * the read. A dense series' size is known from its step range, so its columns never regrow.
     */
    MetricSeries series(DSLContext ctx, String runId, String key) {
        long[] dense = denseStepRanges(ctx, List.of(runId), key).get(runId);
        long expected = dense == null ? 0 : dense[1] - dense[0] + 1;
        MetricSeries series = new MetricSeries(key, (int) Math.min(expected, MetricSeries.MAX_PRESIZE));
        ctx.connection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_SERIES)) {
                select.setFetchSize(SERIES_FETCH_SIZE);
                select.setString(1, runId);
                select.setString(2, key);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        series.add(rows.getLong(1), rows.getLong(2), parseValue(rows.getString(3)), rows.getBoolean(4));
                    }
                }
            }
        });
        return series;
    }

    /**
     * MariaDB sends values as text; the JDK's parser took most of a million-point read on 17-digit
     * doubles. Jackson's fast parser rounds correctly as well, so the value is the same double.
     */
    private static double parseValue(String text) {
        return NumberInput.parseDouble(text, true);
    }

    /** A series' points at the given steps, in step order. */
    public List<Metric> pointsAtSteps(DSLContext ctx, String runId, String key, Collection<Long> steps) {
        List<Metric> points = new ArrayList<>();
        if (steps.isEmpty()) {
            return points;
        }
        ctx.select(METRICS.KEY, METRICS.VALUE, METRICS.IS_NAN, METRICS.TIMESTAMP, METRICS.STEP).from(METRICS)
                .where(METRICS.RUN_UUID.eq(runId).and(METRICS.KEY.eq(key)).and(METRICS.STEP.in(steps)))
                .orderBy(METRICS.STEP, METRICS.TIMESTAMP, METRICS.VALUE, METRICS.IS_NAN)
                .forEach(r -> points.add(fromRecord(r)));
        return points;
    }

    static Metric fromRecord(Record r) {
        return Metric.fromStored(r.get(METRICS.KEY), r.get(METRICS.VALUE), r.get(METRICS.IS_NAN),
                r.get(METRICS.TIMESTAMP), r.get(METRICS.STEP));
    }
}
