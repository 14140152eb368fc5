package dev.labbook.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one log request adds to one series (run and key): its latest point and the range of steps it
 * logged, with whether that range holds exactly one point per step. latest_metrics keeps both with
 * one upsert.
 */
record SeriesBatch(Metric latest, long minStep, long maxStep, boolean dense) {

    /** One entry per key, sorted by key so that concurrent batches lock rows in the same order. */
    static List<SeriesBatch> of(List<Metric> metrics) {
        Map<String, List<Metric>> byKey = new LinkedHashMap<>();
        for (Metric m : metrics) {
            byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
        }
        List<SeriesBatch> out = new ArrayList<>(byKey.size());
        for (List<Metric> points : byKey.values()) {
            out.add(summarize(points));
        }
        out.sort(Comparator.comparing(b -> b.latest().key()));
        return out;
    }

    private static SeriesBatch summarize(List<Metric> points) {
        Metric latest = points.get(0);
        long[] steps = new long[points.size()];
        for (int i = 0; i < steps.length; i++) {
            Metric m = points.get(i);
            steps[i] = m.step();
            if (m.supersedes(latest)) {
                latest = m;
            }
        }
        Arrays.sort(steps);
        boolean dense = true;
        for (int i = 1; i < steps.length && dense; i++) {
            // The difference wraps in two's complement for far-apart steps, but never to exactly 1.
            dense = steps[i] - steps[i - 1] == 1;
        }
        return new SeriesBatch(latest, steps[0], steps[steps.length - 1], dense);
    }
}
