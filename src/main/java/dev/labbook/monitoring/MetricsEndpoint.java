package dev.labbook.monitoring;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * {@code GET /metrics}: Prometheus' text format when the server runs with {@code --expose-prometheus}.
 * Without the flag it answers as an unknown route does (a plain 404), as {@code mlflow server} does.
 */
public final class MetricsEndpoint {
    private final Optional<Monitoring> monitoring;

    public MetricsEndpoint(Optional<Monitoring> monitoring) {
        this.monitoring = monitoring;
    }

    public void scrape(Context ctx) throws Exception {
        if (monitoring.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("Not Found");
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        monitoring.get().scrape(out);
        ctx.contentType(monitoring.get().contentType()).result(out.toByteArray());
    }
}
