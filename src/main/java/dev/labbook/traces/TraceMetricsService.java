package dev.labbook.traces;

import dev.labbook.db.Database;
import dev.labbook.traces.TraceMetricsKey.Source;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;

/**
 * MLflow's QueryTraceMetrics over Labbook's raw tables, in one read transaction. MLflow can also serve
 * whole days from rollup tables it maintains; its raw path is the reference those must match, and it
 * is what this computes. COUNT, SUM, AVG, MIN and MAX of column values are aggregated by SQL; Java
 * aggregates the queries that need percentiles (MariaDB has PERCENTILE_CONT only as a window function,
 * and MLflow's answers are SQLite's interpolation, bit for bit), token counts (JSON in metadata) and
 * groups by span model or provider (JSON in span content).
 */
public final class TraceMetricsService {
    private final Database db;
    private final TraceMetricsStore store;

    public TraceMetricsService(Database db, TraceMetricsStore store) {
        this.db = db;
        this.store = store;
    }

    /** The data points, ordered by time bucket and then by the dimensions in the order asked. */
    public List<TraceMetricsPoint> query(TraceMetricsQuery q) {
        if (q.metric().source() == Source.COST || q.maxResults() == 0) {
            // No span carries a cost in Labbook, so MLflow's answer for them is the empty one.
            return List.of();
        }
        return db.tx(ctx -> inSql(q) ? sqlPoints(ctx, q) : javaPoints(ctx, q));
    }

    private static boolean inSql(TraceMetricsQuery q) {
        return !q.hasPercentile() && q.metric().source() != Source.TOKEN_USAGE && !q.groupsBySpanContent();
    }

    private List<TraceMetricsPoint> sqlPoints(DSLContext ctx, TraceMetricsQuery q) {
        List<TraceMetricsPoint> points = new ArrayList<>();
        for (TraceMetricsStore.Group g : store.aggregate(ctx, q)) {
            TraceMetricsPoint p = TraceMetricsPoint.of(q, g.bucketMs(), g.dimensions(), a -> switch (a.type()) {
                case COUNT -> (double) g.count();
                case SUM -> number(g.sum());
                case AVG -> g.count() == 0 || g.sum() == null ? null : g.sum().doubleValue() / g.count();
                case MIN -> number(g.min());
                case MAX -> number(g.max());
                case PERCENTILE -> throw new IllegalStateException("percentiles are aggregated in Java");
            });
            if (p != null) {
                points.add(p);
            }
        }
        return points;
    }

    private static Double number(BigDecimal d) {
        return d == null ? null : d.doubleValue();
    }

    private List<TraceMetricsPoint> javaPoints(DSLContext ctx, TraceMetricsQuery q) {
        Map<Key, TraceMetricsGroup> groups = new TreeMap<>();
        boolean keepValues = q.hasPercentile();
        store.scan(ctx, q, row -> {
            List<String> dims = new ArrayList<>(row.dimensions());
            for (int i = 0; i < dims.size(); i++) {
                String attribute = q.dimensions().get(i).spanAttribute();
                if (attribute != null) {
                    String value = TraceMetricsValues.spanAttribute(row.content(), attribute);
                    if (value == null) {
                        return;
                    }
                    dims.set(i, value);
                }
            }
            Number value = switch (q.metric().source()) {
                case ROWS, SESSIONS -> null;
                case COLUMN -> (Number) row.value();
                case TOKEN_USAGE -> TraceMetricsValues.tokenCount((String) row.value(), q.metric().wire());
                case COST -> throw new IllegalStateException("costs are never read");
            };
            if (value == null && q.metric().source() != Source.ROWS) {
                return;
            }
            groups.computeIfAbsent(new Key(row.bucketMs(), dims), k -> new TraceMetricsGroup(keepValues)).add(value);
        });
        List<TraceMetricsPoint> points = new ArrayList<>();
        for (Map.Entry<Key, TraceMetricsGroup> e : groups.entrySet()) {
            if (q.maxResults() >= 0 && points.size() >= q.maxResults()) {
                break;
            }
            TraceMetricsPoint p = TraceMetricsPoint.of(q, e.getKey().bucketMs(), e.getKey().dimensions(),
                    e.getValue()::value);
            if (p != null) {
                points.add(p);
            }
        }
        return points;
    }

    /** A group's key, ordered as SQL orders groups: bucket, then each dimension by code point (binary collation). */
    private record Key(Long bucketMs, List<String> dimensions) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            if (bucketMs != null && !bucketMs.equals(o.bucketMs)) {
                return Long.compare(bucketMs, o.bucketMs);
            }
            for (int i = 0; i < dimensions.size(); i++) {
                int c = compareCodePoints(dimensions.get(i), o.dimensions.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        private static int compareCodePoints(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                int ca = a.codePointAt(i);
                int cb = b.codePointAt(j);
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                i += Character.charCount(ca);
                j += Character.charCount(cb);
            }
            return Boolean.compare(i < a.length(), j < b.length());
        }
    }
}
