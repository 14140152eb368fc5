package dev.labbook.monitoring;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The server's Prometheus metrics: HTTP requests per route template and status, the database
 * pool, and the JVM. Built only when metrics are switched on, so a server without them loads none
 * of this at start-up.
 */
public final class Monitoring {
    /** Probes and the scrape itself would drown the API's own numbers; MLflow leaves out the first two too. */
    private static final Set<String> UNCOUNTED = Set.of("/health", "/health/ready", "/version", "/metrics");

    /** Seconds; from a cached read (a few ms) up to a large search or upload. */
    private static final double[] LATENCY_BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram latency;

    private Monitoring(HikariDataSource pool) {
        requests = Counter.builder().name("labbook_http_requests_total")
                .help("HTTP requests answered, by method, route template and status.")
                .labelNames("method", "route", "status").register(registry);
        latency = Histogram.builder().name("labbook_http_request_duration_seconds")
                .help("Time to answer an HTTP request, by method, route template and status.")
                .labelNames("method", "route", "status").classicUpperBounds(LATENCY_BUCKETS).classicOnly()
                .register(registry);
        poolGauge(pool, "labbook_db_pool_active_connections", "Database connections in use.",
                HikariPoolMXBean::getActiveConnections);
        poolGauge(pool, "labbook_db_pool_idle_connections", "Database connections open and idle.",
                HikariPoolMXBean::getIdleConnections);
        poolGauge(pool, "labbook_db_pool_pending_threads", "Requests waiting for a database connection.",
                HikariPoolMXBean::getThreadsAwaitingConnection);
        GaugeWithCallback.builder().name("labbook_db_pool_max_connections").help("The database pool's size limit.")
                .callback(cb -> cb.call(pool.getMaximumPoolSize())).register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** Metrics for a server whose database pool is {@code pool}. */
    public static Monitoring forPool(HikariDataSource pool) {
        return new Monitoring(pool);
    }

    private void poolGauge(HikariDataSource pool, String name, String help, ToDoubleFunction<HikariPoolMXBean> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            cb.call(bean == null ? 0 : value.applyAsDouble(bean));
        }).register(registry);
    }

    /** Counts one answered request; {@code route} is the matched template (e.g. /api/2.0/mlflow/runs/get). */
    public void record(String method, String route, int status, double seconds) {
        if (UNCOUNTED.contains(route)) {
            return;
        }
        String code = Integer.toString(status);
        requests.labelValues(method, route, code).inc();
        latency.labelValues(method, route, code).observe(seconds);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Writes every metric in Prometheus' text exposition format (0.0.4). */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
