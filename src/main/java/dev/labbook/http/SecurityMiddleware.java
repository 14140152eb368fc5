package dev.labbook.http;

import dev.labbook.config.SecuritySettings;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow 3.5+'s security middleware, in the order its server applies it: the Host allow-list (DNS
 * rebinding), CORS answers and preflights, refusal of cross-origin state-changing API calls (CSRF),
 * then {@code X-Content-Type-Options} and {@code X-Frame-Options}. Also Labbook's JSON body limit.
 */
public final class SecurityMiddleware {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityMiddleware.class);
    static final String INVALID_HOST_MESSAGE = "Invalid Host header - possible DNS rebinding attack detected";
    static final String CORS_BLOCKED_MESSAGE = "Cross-origin request blocked";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");
    private static final List<String> LOCALHOST_ORIGIN_HOSTS = List.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Pattern LOCALHOST_ORIGIN =
            Pattern.compile("http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]+)?");
    private static final String CREDENTIALED_METHODS = "GET, POST, PUT, DELETE, OPTIONS, PATCH";
    private static final String ANY_METHOD = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";
    private static final String NOTEBOOK_TRACE_RENDERER = "/static-files/lib/notebook-trace-renderer";

    private final SecuritySettings settings;
    private final String prefix;
    private final List<String> allowedHosts;
    private final boolean anyOrigin;
    private final List<Route> routes;

    public SecurityMiddleware(SecuritySettings settings, String staticPrefix, List<Route> routes) {
        this.settings = settings;
        this.prefix = staticPrefix == null ? "" : staticPrefix;
        this.allowedHosts = settings.allowedHosts().isEmpty() ? HostPatterns.defaults() : settings.allowedHosts();
        this.anyOrigin = settings.corsAllowedOrigins().contains("*");
        this.routes = routes;
        if (anyOrigin) {
            LOG.warn("--cors-allowed-origins=* is set: any web page may call this server (without credentials)");
        }
        if (settings.disabled()) {
            LOG.warn("Security middleware is DISABLED: no Host, CORS or clickjacking protection");
        }
    }

    public void install(JavalinConfig config) {
        config.http.maxRequestSize = settings.maxJsonBodyBytes();
        config.routes.before(this::handle);
    }

    private void handle(Context ctx) {
        if (!settings.disabled() && !screen(ctx)) {
            ctx.skipRemainingHandlers();
            return;
        }
        limitJsonBody(ctx);
    }

    /** False when the request has been answered here (refused, or a CORS preflight). */
    private boolean screen(Context ctx) {
        String path = ctx.path();
        if (!allowedHosts.contains("*") && !isHealthEndpoint(path)) {
            String host = ctx.header("Host");
            if (!HostPatterns.hostAllowed(allowedHosts, host)) {
                LOG.warn("Rejected request with invalid Host header: {}", host);
                ctx.status(403).contentType("text/plain").result(INVALID_HOST_MESSAGE);
                return false;
            }
        }
        String origin = ctx.header("Origin");
        if (origin != null && ctx.method() == HandlerType.OPTIONS
                && ctx.header("Access-Control-Request-Method") != null) {
            preflight(ctx, origin);
            return false;
        }
        if (origin != null) {
            corsHeaders(ctx, origin);
        }
        if (!anyOrigin && isApiEndpoint(path) && shouldBlock(origin, ctx.method().name())) {
            LOG.warn("Blocked cross-origin request from {}", origin);
            ctx.status(403).contentType("text/plain").result(CORS_BLOCKED_MESSAGE);
            return false;
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        if (!settings.xFrameOptions().equals("NONE") && !path.startsWith(prefix + NOTEBOOK_TRACE_RENDERER)) {
            ctx.header("X-Frame-Options", settings.xFrameOptions());
        }
        if (ctx.method() == HandlerType.OPTIONS) {
            return !answerOptions(ctx, path);
        }
        return true;
    }

    private boolean isHealthEndpoint(String path) {
        // MLflow exempts /health and /version; /health/ready is Labbook's readiness probe.
        return path.equals(prefix + "/health") || path.equals(prefix + "/version")
                || path.equals(prefix + "/health/ready");
    }

    private boolean isApiEndpoint(String path) {
        return path.startsWith(prefix + "/api/") || path.startsWith(prefix + "/ajax-api/")
                || path.startsWith("/api/2.0/mlflow-artifacts/artifacts")
                || path.startsWith("/ajax-api/2.0/mlflow-artifacts/artifacts");
    }

    private boolean shouldBlock(String origin, String method) {
        if (origin == null || origin.isEmpty() || !STATE_CHANGING.contains(method) || isLocalhostOrigin(origin)) {
            return false;
        }
        return !originListed(origin);
    }

    private boolean originListed(String origin) {
        for (String allowed : settings.corsAllowedOrigins()) {
            if (allowed.contains("*") ? HostPatterns.fnmatch(origin, allowed) : origin.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** Any scheme and port: what MLflow's CSRF check treats as the local machine. */
    private static boolean isLocalhostOrigin(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOCALHOST_ORIGIN_HOSTS.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The origins that get CORS answers: http:// localhost ones always, plus the configured ones. */
    private boolean corsAllowed(String origin) {
        return anyOrigin || LOCALHOST_ORIGIN.matcher(origin).matches() || originListed(origin);
    }

    private void corsHeaders(Context ctx, String origin) {
        if (anyOrigin) {
            ctx.header("Access-Control-Allow-Origin", "*");
        } else {
            ctx.header("Access-Control-Allow-Credentials", "true");
            if (corsAllowed(origin)) {
                ctx.header("Access-Control-Allow-Origin", origin);
            }
        }
        ctx.header("Access-Control-Expose-Headers", "*");
        ctx.header("Vary", "Origin");
    }

    private void preflight(Context ctx, String origin) {
        ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Allow-Methods", anyOrigin ? ANY_METHOD : CREDENTIALED_METHODS);
        ctx.header("Access-Control-Max-Age", "600");
        if (!anyOrigin) {
            ctx.header("Access-Control-Allow-Credentials", "true");
        }
        List<String> failures = new java.util.ArrayList<>();
        if (corsAllowed(origin)) {
            ctx.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
        } else {
            failures.add("origin");
        }
        String method = ctx.header("Access-Control-Request-Method");
        if (!List.of((anyOrigin ? ANY_METHOD : CREDENTIALED_METHODS).split(", ")).contains(method)) {
            failures.add("method");
        }
        String requestedHeaders = ctx.header("Access-Control-Request-Headers");
        if (requestedHeaders != null) {
            ctx.header("Access-Control-Allow-Headers", requestedHeaders);
        }
        if (failures.isEmpty()) {
            ctx.status(200).contentType("text/plain; charset=utf-8").result("OK");
        } else {
            ctx.status(400).contentType("text/plain; charset=utf-8")
                    .result("Disallowed CORS " + String.join(", ", failures));
        }
    }

    /** A plain OPTIONS names the route's methods: 204 on API paths (as MLflow), 200 elsewhere. */
    private boolean answerOptions(Context ctx, String path) {
        Set<String> methods = new LinkedHashSet<>();
        for (Route route : routes) {
            if (Pattern.matches(template(prefix + route.path()), path)) {
                methods.add(route.method().name());
                if (route.method() == HandlerType.GET) {
                    methods.add("HEAD");
                }
            }
        }
        if (methods.isEmpty()) {
            return false;
        }
        methods.add("OPTIONS");
        ctx.header("Allow", String.join(", ", methods));
        ctx.status(isApiEndpoint(path) ? 204 : 200);
        return true;
    }

    private static String template(String routePath) {
        StringBuilder regex = new StringBuilder();
        for (String part : routePath.split("(?=[{<])|(?<=[}>])")) {
            if (part.startsWith("{") && part.endsWith("}")) {
                regex.append("[^/]+");
            } else if (part.startsWith("<") && part.endsWith(">")) {
                regex.append(".+");
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return regex.toString();
    }

    /**
     * JSON endpoints read at most the configured number of bytes (Javalin enforces it while reading,
     * chunked bodies included); a declared larger body is refused before it is read. Artifact uploads
     * stream straight to storage and are not limited.
     */
    private void limitJsonBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxJsonBodyBytes() && !isArtifactUpload(ctx)) {
            throw MlflowException.tooLarge(declared, settings.maxJsonBodyBytes());
        }
    }

    private boolean isArtifactUpload(Context ctx) {
        return ctx.method() == HandlerType.PUT && ctx.path().contains("/2.0/mlflow-artifacts/artifacts/");
    }
}
