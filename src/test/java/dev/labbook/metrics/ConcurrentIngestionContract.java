package dev.labbook.metrics;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.api.ApiClient;
import dev.labbook.api.LabbookServer;
import dev.labbook.api.Tracking;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Many writers at once, through HTTP: 8 threads each send 10 batches of 1000 points to one shared
 * run (half on the thread's own key, half on a key every thread writes, with distinct steps) and 10
 * batches of 1000 points to a run of their own. Afterwards every point is stored exactly once and
 * the latest value of every key is its highest step; no request may fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConcurrentIngestionContract {
    static final int THREADS = 8;
    static final int BATCHES = 10;
    static final int BATCH_SIZE = 1000;
    static final int HALF = BATCH_SIZE / 2;
    static final String SHARED_KEY = "shared/loss";

    private LabbookServer server;
    private Tracking tracking;

    protected abstract String backendStoreUri();

    @BeforeAll
    void startServer() {
        server = LabbookServer.start(backendStoreUri());
        tracking = new Tracking(server.api());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The shared key's steps: thread t, batch b, point j gets a step no other point has. */
    static long sharedStep(int thread, int batch, int j) {
        return ((long) batch * HALF + j) * THREADS + thread;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void concurrentBatchesStoreEveryPointExactlyOnce() throws Exception {
        String exp = tracking.newExperiment();
        String shared = tracking.newRun(exp);
        List<String> own = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            own.add(tracking.newRun(exp));
        }
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    writeAll(thread, shared, own.get(thread), failures);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(15, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " requests failed, e.g. " + failures.peek());

        long lastSharedStep = sharedStep(THREADS - 1, BATCHES - 1, HALF - 1);
        List<JsonNode> sharedHistory = tracking.history(shared, SHARED_KEY);
        assertEquals(THREADS * BATCHES * HALF, sharedHistory.size(), "points of the shared key");
        Set<Long> steps = new HashSet<>();
        sharedHistory.forEach(m -> steps.add(m.path("step").asLong()));
        assertEquals(sharedHistory.size(), steps.size(), "every shared-key step exactly once");
        for (int t = 0; t < THREADS; t++) {
            List<JsonNode> mine = tracking.history(shared, threadKey(t));
            assertEquals(BATCHES * HALF, mine.size(), "points of " + threadKey(t) + " on the shared run");
            assertEquals(BATCHES * BATCH_SIZE, tracking.history(own.get(t), "own").size(), "points on own run " + t);
        }

        Map<String, JsonNode> latest = Tracking.latestMetrics(tracking.run(shared));
        assertEquals(THREADS + 1, latest.size(), latest::toString);
        JsonNode sharedLatest = latest.get(SHARED_KEY);
        assertEquals(lastSharedStep, sharedLatest.path("step").asLong(), sharedLatest::toString);
        assertEquals(value(lastSharedStep), sharedLatest.path("value").asDouble(), sharedLatest::toString);
        for (int t = 0; t < THREADS; t++) {
            assertEquals(BATCHES * HALF - 1, latest.get(threadKey(t)).path("step").asLong());
            JsonNode ownLatest = Tracking.latestMetrics(tracking.run(own.get(t))).get("own");
            assertEquals(BATCHES * BATCH_SIZE - 1, ownLatest.path("step").asLong(), ownLatest::toString);
        }
    }

    private static String threadKey(int thread) {
        return "thread-" + thread + "/loss";
    }

    private static double value(long step) {
        return step / 4.0;
    }

    private void writeAll(int thread, String sharedRun, String ownRun, Queue<String> failures) {
        ApiClient api = tracking.api();
        long base = 1_700_000_000_000L;
        for (int b = 0; b < BATCHES; b++) {
            List<JsonNode> toShared = new ArrayList<>(BATCH_SIZE);
            List<JsonNode> toOwn = new ArrayList<>(BATCH_SIZE);
            for (int j = 0; j < HALF; j++) {
                long step = (long) b * HALF + j;
                toShared.add(Tracking.metric(threadKey(thread), value(step), base + step, step));
                long shared = sharedStep(thread, b, j);
                toShared.add(Tracking.metric(SHARED_KEY, value(shared), base + shared, shared));
            }
            for (int j = 0; j < BATCH_SIZE; j++) {
                long step = (long) b * BATCH_SIZE + j;
                toOwn.add(Tracking.metric("own", value(step), base + step, step));
            }
            send(api, sharedRun, toShared, failures);
            send(api, ownRun, toOwn, failures);
        }
    }

    private static void send(ApiClient api, String runId, List<JsonNode> metrics, Queue<String> failures) {
        ApiClient.Response r = api.post(API + "/runs/log-batch", obj("run_id", runId, "metrics", metrics));
        if (r.status() != 200) {
            failures.add(r.status() + " " + r.body());
        }
    }
}
