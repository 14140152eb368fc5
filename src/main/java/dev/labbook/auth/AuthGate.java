package dev.labbook.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.auth.Permission.Level;
import dev.labbook.db.ReadScope;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import dev.labbook.http.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Authentication and authorization in front of every route when --auth is on: who is calling
 * (HTTP Basic or a Bearer token), then the route's {@link RoutePermissions} rule. Admins pass every
 * check. Missing or wrong credentials answer 401 with MLflow's Basic challenge; a known user
 * without the permission gets 403 PERMISSION_DENIED. Either way the handler never runs.
 */
public final class AuthGate {
    static final String CHALLENGE = "Basic realm=\"mlflow\"";

    private final AuthService auth;
    private final ObjectMapper mapper;
    /** The caller of the request the current thread is serving, for the user endpoints. */
    private final ThreadLocal<Caller> current = new ThreadLocal<>();

    public AuthGate(AuthService auth, ObjectMapper mapper) {
        this.auth = auth;
        this.mapper = mapper;
    }

    /** The route's handler behind its rule; a route with no rule is for admins only (fail closed). */
    public Handler wrap(Route route, Handler handler) {
        Rule rule = RoutePermissions.of(route).orElse(new Rule.Admin());
        if (rule instanceof Rule.Public) {
            return handler;
        }
        String key = RoutePermissions.key(route);
        return ctx -> {
            Caller caller = authenticate(ctx);
            if (!caller.admin()) {
                authorize(rule, new RequestFields(ctx, mapper, route.json()), caller);
            }
            Caller previous = current.get();
            current.set(caller);
            try (ReadScope.Entered scope = caller.admin() ? () -> { } : auth.readScope(caller).enter()) {
                handler.handle(ctx);
            } finally {
                current.set(previous);
            }
            if (ctx.status().getCode() == 200) {
                grantCreator(key, new RequestFields(ctx, mapper, route.json()), caller);
            }
        };
    }

    /**
     * The UI's GraphQL fields reach the same handlers as the REST routes, so they get the same
     * checks (MLflow guards its GraphQL endpoint with a middleware doing the same): a field that
     * names an experiment or run needs READ on it; searches are filtered in SQL.
     */
    public void checkGraphQlField(String field, com.fasterxml.jackson.databind.node.ObjectNode request) {
        Caller caller = current.get();
        if (caller == null || caller.admin()) {
            return;
        }
        Rule rule = switch (field) {
            case "mlflowGetExperiment" -> new Rule.On(Rule.Resource.EXPERIMENT, Level.READ);
            case "mlflowGetRun", "mlflowListArtifacts" -> new Rule.On(Rule.Resource.RUN, Level.READ);
            case "mlflowGetMetricHistoryBulkInterval" -> new Rule.On(Rule.Resource.RUNS, Level.READ);
            case "mlflowSearchDatasets" -> new Rule.On(Rule.Resource.EXPERIMENTS, Level.READ);
            case "mlflowSearchRuns", "mlflowSearchModelVersions", "test", "testMutation" -> new Rule.Authenticated();
            default -> new Rule.Admin();
        };
        authorize(rule, new RequestFields(request), caller);
    }

    /** The username of the request being served on this thread, or null outside one. */
    public String currentUsername() {
        Caller caller = current.get();
        return caller == null ? null : caller.username();
    }

    /** The caller of the request being served on this thread. */
    Caller caller() {
        Caller caller = current.get();
        if (caller == null) {
            throw new MlflowException(ErrorCode.UNAUTHENTICATED, "Not authenticated");
        }
        return caller;
    }

    private Caller authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        Optional<Caller> caller = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                caller = auth.authenticatePassword(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
        } else if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            if (!token.isEmpty()) {
                caller = auth.authenticateToken(token);
            }
        }
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw new MlflowException(ErrorCode.UNAUTHENTICATED, "You are not authenticated. Authenticate with "
                    + "HTTP Basic (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD) or a bearer token "
                    + "(MLFLOW_TRACKING_TOKEN).");
        }
        return caller.get();
    }

    private void authorize(Rule rule, RequestFields fields, Caller caller) {
        boolean allowed = switch (rule) {
            case Rule.Public p -> true;
            case Rule.Authenticated a -> true;
            case Rule.Admin a -> false;
            case Rule.Self s -> caller.username().equals(required(fields, "username"));
            case Rule.On on -> allowedOn(on.resource(), on.level(), fields, caller);
            case Rule.Queue q -> allowedOnQueue(q.access(), fields, caller);
        };
        if (!allowed) {
            throw new MlflowException(ErrorCode.PERMISSION_DENIED, "Permission denied");
        }
    }

    private boolean allowedOn(Rule.Resource resource, Level level, RequestFields fields, Caller caller) {
        return switch (resource) {
            case EXPERIMENT -> {
                String id = fields.get("experiment_id");
                yield onExperiment(id == null || id.isEmpty() ? "0" : id, level, caller);
            }
            case NAMED_EXPERIMENT -> {
                String id = fields.get("experiment_id");
                yield id != null && !id.isEmpty() && onExperiment(id, level, caller);
            }
            case OPTIONAL_EXPERIMENT -> {
                String id = fields.get("experiment_id");
                yield id == null || id.isEmpty() || onExperiment(id, level, caller);
            }
            case ISSUE -> auth.issueExperiment(required(fields, "issue_id"))
                    .map(id -> auth.experimentPermission(caller, id).allows(level))
                    .orElse(false);
            case SCORER_CONFIGS -> auth.onlineConfigExperiments(fields.all("scorer_ids")).stream()
                    .allMatch(id -> auth.experimentPermission(caller, id).allows(level));
            case EXPERIMENTS -> all(fields.all("experiment_ids"), id -> onExperiment(id, level, caller));
            case EXPERIMENT_NAME -> auth.experimentIdByName(required(fields, "experiment_name"))
                    .map(id -> auth.experimentPermission(caller, id).allows(level))
                    .orElse(true);
            case RUN -> onRun(runId(fields), level, caller);
            // get-history-bulk-interval sends run_ids, the UI's get-history-bulk repeats run_id.
            case RUNS -> all(fields.all("run_ids"), id -> onRun(id, level, caller))
                    && all(fields.all("run_id"), id -> onRun(id, level, caller));
            case LOGGED_MODEL -> auth.loggedModelExperiment(required(fields, "model_id"))
                    .map(id -> auth.experimentPermission(caller, id).allows(level))
                    .orElse(true);
            case REGISTERED_MODEL -> auth.modelPermission(caller, required(fields, "name")).allows(level);
            case TRACE -> onTrace(traceId(fields), level, caller);
            case TRACES -> all(fields.all("trace_ids"), id -> onTrace(id, level, caller));
            case TRACE_DESTINATION -> onExperiment(traceDestination(fields), level, caller);
            case SCOPING_EXPERIMENTS -> onScopingExperiments(fields, level, caller);
            case DATASET -> onDataset(required(fields, "dataset_id"), level, caller);
            case DATASET_AND_EXPERIMENTS -> onDataset(required(fields, "dataset_id"), level, caller)
                    && onScopingExperiments(fields, level, caller);
            case ARTIFACT_PATH -> onArtifactPath(fields, level, caller);
            case LABEL_SCHEMA -> auth.labelSchemaExperiment(required(fields, "schema_id"))
                    .map(id -> auth.experimentPermission(caller, id).allows(level)).orElse(true);
            case REVIEW_QUEUE -> auth.reviewQueue(required(fields, "queue_id"))
                    .map(q -> auth.experimentPermission(caller, q.experimentId()).allows(level)).orElse(true);
            case GRANT_TARGET -> {
                String id = required(fields, "resource_id");
                yield switch (Grants.kind(required(fields, "resource_type"))) {
                    case EXPERIMENT -> onExperiment(id, level, caller);
                    case REGISTERED_MODEL -> auth.modelPermission(caller, id).allows(level);
                };
            }
        };
    }

    /** A queue that does not exist is let through: the handler answers 404 (a delete is a no-op). */
    private boolean allowedOnQueue(Rule.QueueAccess access, RequestFields fields, Caller caller) {
        String user = caller.username();
        if (access == Rule.QueueAccess.VIEW_BY_NAME) {
            String experimentId = required(fields, "experiment_id");
            Permission p = auth.experimentPermission(caller, Grants.experimentId(experimentId));
            if (!p.allows(Level.READ)) {
                return false;
            }
            return p.allows(Level.MANAGE) || auth.reviewQueueByName(Grants.experimentId(experimentId),
                    required(fields, "name")).map(q -> q.hasMember(user) || p.allows(Level.UPDATE) && q.ownedBy(user))
                    .orElse(true);
        }
        Optional<QueueFacts> found = auth.reviewQueue(required(fields, "queue_id"));
        if (found.isEmpty()) {
            return true;
        }
        QueueFacts q = found.get();
        Permission p = auth.experimentPermission(caller, q.experimentId());
        boolean owner = p.allows(Level.UPDATE) && q.ownedBy(user);
        return switch (access) {
            case VIEW, VIEW_BY_NAME -> p.allows(Level.READ) && (p.allows(Level.MANAGE) || q.hasMember(user) || owner);
            case EDIT -> fields.get("new_owner") != null ? p.allows(Level.MANAGE) : p.allows(Level.MANAGE) || owner;
            case PRUNE -> p.allows(Level.MANAGE) || owner && q.custom();
            case REVIEW -> p.allows(Level.UPDATE) && q.hasMember(user);
        };
    }

    /** Whether the caller of this request may do {@code level} on the experiment (true outside a request and for admins). */
    public boolean callerMay(long experimentId, Level level) {
        Caller caller = current.get();
        return caller == null || caller.admin() || auth.experimentPermission(caller, experimentId).allows(level);
    }

    /** The registered user whose name this is, ignoring case (a custom queue may not take it). */
    public Optional<String> registeredUserLike(String name) {
        return auth.registeredUserLike(name);
    }

    private boolean onExperiment(String id, Level level, Caller caller) {
        return auth.experimentPermission(caller, Grants.experimentId(id)).allows(level);
    }

    /**
     * A run, logged model or experiment name that does not exist is let through to the handler,
     * which answers 404 RESOURCE_DOES_NOT_EXIST, as MLflow's validators do (the client's
     * set_experiment relies on that 404 to create the experiment, whatever the default permission).
     */
    private boolean onRun(String runId, Level level, Caller caller) {
        return auth.runExperiment(runId).map(id -> auth.experimentPermission(caller, id).allows(level)).orElse(true);
    }

    /**
     * Proxied artifacts live under {@code <experiment id>/...} (the experiment's mlflow-artifacts:/
     * location). A path outside every experiment belongs to no one: only admins reach it.
     */
    private boolean onArtifactPath(RequestFields fields, Level level, Caller caller) {
        String path = fields.get("artifact_path");
        if (path == null) {
            path = fields.get("path");
        }
        if (path == null) {
            return false;
        }
        String first = path.replaceFirst("^/+", "").split("/", 2)[0];
        if (!first.matches("[0-9]{1,18}")) {
            return false;
        }
        return onExperiment(first, level, caller);
    }

    /** A trace that does not exist is let through: the handler answers 404, as for runs. */
    private boolean onTrace(String traceId, Level level, Caller caller) {
        return auth.traceExperiment(traceId).map(id -> auth.experimentPermission(caller, id).allows(level))
                .orElse(true);
    }

    /** A request that must name its experiments: none named is refused, as MLflow's dataset validators do. */
    private boolean onScopingExperiments(RequestFields fields, Level level, Caller caller) {
        List<String> ids = fields.all("experiment_ids");
        return !ids.isEmpty() && all(ids, id -> onExperiment(id, level, caller));
    }

    /**
     * Evaluation datasets are checked on their experiments. Unlike a run, a dataset that does not
     * exist is not let through (it belongs to no experiment): MLflow answers that 403 too.
     */
    private boolean onDataset(String datasetId, Level level, Caller caller) {
        List<Long> experiments = auth.datasetExperiments(datasetId);
        return !experiments.isEmpty()
                && experiments.stream().allMatch(id -> auth.experimentPermission(caller, id).allows(level));
    }

    private static String traceId(RequestFields fields) {
        String id = fields.get("trace_id");
        if (id == null || id.isEmpty()) {
            id = fields.get("request_id");
        }
        if (id == null || id.isEmpty()) {
            throw missing("trace_id");
        }
        return id;
    }

    private static String traceDestination(RequestFields fields) {
        String id = fields.nested("trace", "trace_info", "trace_location", "mlflow_experiment", "experiment_id");
        if (id == null) {
            id = fields.header(dev.labbook.traces.OtlpHandler.EXPERIMENT_HEADER);
        }
        if (id == null) {
            id = fields.get("experiment_id");
        }
        return id == null || id.isEmpty() ? "0" : id;
    }

    private static String runId(RequestFields fields) {
        String id = fields.get("run_id");
        if (id == null || id.isEmpty()) {
            id = fields.get("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            throw missing("run_id");
        }
        return id;
    }

    private static boolean all(List<String> ids, java.util.function.Predicate<String> allowed) {
        return ids.stream().allMatch(allowed);
    }

    private static String required(RequestFields fields, String field) {
        String value = fields.get(field);
        if (value == null || value.isEmpty()) {
            throw missing(field);
        }
        return value;
    }

    private static MlflowException missing(String field) {
        return MlflowException.invalidParameter("Missing value for required parameter '" + field
                + "'. See the API docs for more information about request parameters.");
    }

    /** MLflow grants the creator of an experiment or registered model MANAGE on it. */
    private void grantCreator(String key, RequestFields fields, Caller caller) {
        switch (key) {
            case "POST /mlflow/experiments/create" -> auth.experimentIdByName(fields.get("name"))
                    .ifPresent(id -> auth.grantCreatorExperiment(caller, id));
            case "POST /mlflow/registered-models/create" -> auth.grantCreatorModel(caller, fields.get("name"));
            default -> { }
        }
    }
}
