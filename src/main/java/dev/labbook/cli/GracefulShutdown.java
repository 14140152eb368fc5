package dev.labbook.cli;

import dev.labbook.App;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook (SIGTERM, Ctrl-C): refuse new connections, let requests in flight finish
 * within the drain time, close the pool. A watchdog halts the JVM if closing itself hangs, so the
 * process always exits within the drain time plus {@link #MARGIN}.
 */
final class GracefulShutdown implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    static final Duration MARGIN = Duration.ofSeconds(3);

    private final App app;
    private final Duration drain;
    private final CountDownLatch stopped;

    GracefulShutdown(App app, Duration drain, CountDownLatch stopped) {
        this.app = app;
        this.drain = drain;
        this.stopped = stopped;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        Thread watchdog = Thread.ofPlatform().daemon().start(this::haltWhenOverdue);
        LOG.info("Shutting down: new connections are refused, requests in flight have {} s to finish",
                drain.toSeconds());
        try {
            app.shutdown(drain);
            LOG.info("Stopped in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
        } catch (RuntimeException e) {
            LOG.warn("Shutdown did not complete cleanly", e);
        } finally {
            watchdog.interrupt();
            stopped.countDown();
        }
    }

    private void haltWhenOverdue() {
        try {
            Thread.sleep(drain.plus(MARGIN));
        } catch (InterruptedException e) {
            return;
        }
        LOG.error("Shutdown took longer than {} s; halting", drain.plus(MARGIN).toSeconds());
        Runtime.getRuntime().halt(1);
    }
}
