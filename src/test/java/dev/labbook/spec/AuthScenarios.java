package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.INVALID;
import static dev.labbook.spec.Scenarios.NOT_FOUND;
import static dev.labbook.spec.Scenarios.UNPROVOKABLE;
import static dev.labbook.spec.Scenarios.endpoint;
import static dev.labbook.spec.Scenarios.fails;
import static dev.labbook.spec.Scenarios.get;
import static dev.labbook.spec.Scenarios.obj;
import static dev.labbook.spec.Scenarios.post;

import dev.labbook.spec.Scenarios.Case;
import dev.labbook.spec.Scenarios.Req;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Scenarios for the auth routes. The shared spec server runs without --auth, where these routes do
 * not exist: {@link #register()} gives them that plain 404. What they answer with --auth is checked
 * by {@link AuthResponsesMatchSpecTest} against an auth-enabled server, with {@link #withAuth}.
 */
final class AuthScenarios {
    static final String DENIED = "PERMISSION_DENIED";
    static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    private static final Map<String, Function<Fixtures, Req>> WELL_FORMED = new LinkedHashMap<>();

    static {
        WELL_FORMED.put("POST /users/create", f -> post(obj("username", "someone", "password", "long-enough-pw")));
        WELL_FORMED.put("GET /users/get", f -> get("username", "someone"));
        WELL_FORMED.put("GET /users/current", f -> get());
        WELL_FORMED.put("GET /users/list", f -> get());
        WELL_FORMED.put("PATCH /users/update-password", f -> post(obj("username", "someone", "password", "long-enough-pw")));
        WELL_FORMED.put("PATCH /users/update-admin", f -> post(obj("username", "someone", "is_admin", true)));
        WELL_FORMED.put("DELETE /users/delete", f -> post(obj("username", "someone")));
        WELL_FORMED.put("POST /users/permissions/grant", f -> post(obj("username", "someone", "resource_type", "experiment",
                "resource_id", "0", "permission", "READ")));
        WELL_FORMED.put("POST /users/permissions/revoke", f -> post(obj("username", "someone", "resource_type", "experiment",
                "resource_id", "0")));
        WELL_FORMED.put("GET /users/permissions/get", f -> get("username", "someone", "resource_type", "experiment",
                "resource_id", "0"));
        WELL_FORMED.put("POST /experiments/permissions/create", f -> post(obj("experiment_id", "0", "username", "someone",
                "permission", "READ")));
        WELL_FORMED.put("GET /experiments/permissions/get", f -> get("experiment_id", "0", "username", "someone"));
        WELL_FORMED.put("PATCH /experiments/permissions/update", f -> post(obj("experiment_id", "0", "username", "someone",
                "permission", "EDIT")));
        WELL_FORMED.put("DELETE /experiments/permissions/delete", f -> post(obj("experiment_id", "0", "username", "someone")));
        WELL_FORMED.put("POST /registered-models/permissions/create", f -> post(obj("name", "m", "username", "someone",
                "permission", "READ")));
        WELL_FORMED.put("GET /registered-models/permissions/get", f -> get("name", "m", "username", "someone"));
        WELL_FORMED.put("PATCH /registered-models/permissions/update", f -> post(obj("name", "m", "username", "someone",
                "permission", "EDIT")));
        WELL_FORMED.put("DELETE /registered-models/permissions/delete", f -> post(obj("name", "m", "username", "someone")));
        for (String prefix : List.of("/api", "/ajax-api")) {
            WELL_FORMED.put("POST " + prefix + "/2.0/labbook/tokens/create", f -> post(obj("name", "laptop")));
            WELL_FORMED.put("GET " + prefix + "/2.0/labbook/tokens/list", f -> get());
            WELL_FORMED.put("POST " + prefix + "/2.0/labbook/tokens/revoke", f -> post(obj("token_id", "x")));
        }
    }

    private AuthScenarios() {}

    static boolean isAuthEndpoint(String endpoint) {
        return WELL_FORMED.containsKey(endpoint);
    }

    /** Without --auth: every auth route is a plain 404, whatever is sent. */
    static void register() {
        WELL_FORMED.forEach((key, request) -> {
            endpoint(key,
                    new Case("without --auth the route does not exist", true, 404, null, request),
                    fails("without --auth a malformed request is a 404 too", 404, null,
                            f -> new Req(List.of(), "{not json", "application/json", Map.of())));
            // Provoked with --auth by AuthResponsesMatchSpecTest.
            UNPROVOKABLE.put(key, Set.of(200, 400, 401, 403));
        });
    }

    /** What an auth-enabled server is called with, given its users and resources. */
    interface Setup {
        /** Authorization header values. */
        String admin();

        String user();

        String wrongPassword();

        /** The plain user's name; another user without permissions; an experiment and a model the user may read. */
        String userName();

        String otherName();

        String experiment();

        String model();

        /** A new user (created by the admin) and its name. */
        String newUser();

        /** A new token of the plain user; its id. */
        String newToken();

        /** Grants a permission as the admin (MLflow 3's grant). */
        void grant(String username, String type, String id, String permission);
    }

    /** The cases of one auth endpoint with --auth; statuses that cannot occur there are in {@link #unprovokable}. */
    static List<Case> withAuth(String endpoint, Setup s) {
        List<Case> cases = new ArrayList<>();
        Function<Req, Req> asAdmin = r -> as(r, s.admin());
        Function<Req, Req> asUser = r -> as(r, s.user());
        Req malformedGet = new Req(List.of(), "{not json", "application/json", Map.of());
        switch (endpoint) {
            case "POST /users/create" -> {
                cases.add(ok(f -> asAdmin.apply(post(obj("username", f.unique("u"), "password", "long-enough-pw")))));
                cases.add(fails("a short password", 400, INVALID, f -> asAdmin.apply(post(obj("username", f.unique("u"), "password", "short")))));
                cases.add(fails("a taken name", 400, "RESOURCE_ALREADY_EXISTS", f -> asAdmin.apply(post(obj("username", s.userName(), "password", "long-enough-pw")))));
                cases.add(fails("not an admin", 403, DENIED, f -> asUser.apply(post(obj("username", f.unique("u"), "password", "long-enough-pw")))));
            }
            case "GET /users/get" -> {
                cases.add(ok(f -> asUser.apply(get("username", s.userName()))));
                cases.add(fails("no username", 400, INVALID, f -> asAdmin.apply(get())));
                cases.add(fails("another user", 403, DENIED, f -> asUser.apply(get("username", s.otherName()))));
                cases.add(fails("unknown user", 404, NOT_FOUND, f -> asAdmin.apply(get("username", "nobody"))));
            }
            case "GET /users/current", "GET /users/list" -> {
                cases.add(ok(f -> asUser.apply(get())));
                cases.add(fails("malformed JSON body", 400, INVALID, f -> asUser.apply(malformedGet)));
            }
            case "PATCH /users/update-password" -> {
                cases.add(ok(f -> asAdmin.apply(post(obj("username", s.newUser(), "password", "reset-by-admin")))));
                cases.add(fails("own password without the current one", 400, INVALID,
                        f -> asUser.apply(post(obj("username", s.userName(), "password", "a-new-password")))));
                cases.add(fails("another user's password", 403, DENIED,
                        f -> asUser.apply(post(obj("username", s.otherName(), "password", "a-new-password")))));
                cases.add(fails("unknown user", 404, NOT_FOUND, f -> asAdmin.apply(post(obj("username", "nobody", "password", "a-new-password")))));
            }
            case "PATCH /users/update-admin" -> {
                cases.add(ok(f -> asAdmin.apply(post(obj("username", s.otherName(), "is_admin", false)))));
                cases.add(fails("no is_admin", 400, INVALID, f -> asAdmin.apply(post(obj("username", s.otherName())))));
                cases.add(fails("not an admin", 403, DENIED, f -> asUser.apply(post(obj("username", s.userName(), "is_admin", true)))));
                cases.add(fails("unknown user", 404, NOT_FOUND, f -> asAdmin.apply(post(obj("username", "nobody", "is_admin", true)))));
            }
            case "DELETE /users/delete" -> {
                cases.add(ok(f -> asAdmin.apply(post(obj("username", s.newUser())))));
                cases.add(fails("deleting oneself", 400, "BAD_REQUEST", f -> asAdmin.apply(post(obj("username", "admin")))));
                cases.add(fails("not an admin", 403, DENIED, f -> asUser.apply(post(obj("username", s.otherName())))));
                cases.add(fails("unknown user", 404, NOT_FOUND, f -> asAdmin.apply(post(obj("username", "nobody")))));
            }
            case "POST /users/permissions/grant" -> {
                cases.add(ok(f -> asAdmin.apply(post(grant(s.newUser(), s.experiment(), "READ")))));
                cases.add(fails("NO_PERMISSIONS is not grantable", 400, INVALID,
                        f -> asAdmin.apply(post(grant(s.otherName(), s.experiment(), "NO_PERMISSIONS")))));
                cases.add(fails("READ is not MANAGE", 403, DENIED, f -> asUser.apply(post(grant(s.otherName(), s.experiment(), "READ")))));
                cases.add(fails("unknown user", 404, NOT_FOUND, f -> asAdmin.apply(post(grant("nobody", s.experiment(), "READ")))));
            }
            case "POST /users/permissions/revoke" -> {
                cases.add(ok(f -> {
                    String name = s.newUser();
                    s.grant(name, "experiment", s.experiment(), "EDIT");
                    return asAdmin.apply(post(target(name, "experiment", s.experiment())));
                }));
                cases.add(fails("unknown resource type", 400, INVALID, f -> asAdmin.apply(post(target(s.otherName(), "notebook", "1")))));
                cases.add(fails("READ is not MANAGE", 403, DENIED, f -> asUser.apply(post(target(s.otherName(), "experiment", s.experiment())))));
                cases.add(fails("no such grant", 404, NOT_FOUND, f -> asAdmin.apply(post(target(s.otherName(), "experiment", s.experiment())))));
            }
            case "GET /users/permissions/get" -> {
                cases.add(ok(f -> asUser.apply(get("username", s.userName(), "resource_type", "experiment", "resource_id", s.experiment()))));
                cases.add(fails("unknown resource type", 400, INVALID,
                        f -> asAdmin.apply(get("username", s.userName(), "resource_type", "notebook", "resource_id", "1"))));
                cases.add(fails("another user", 403, DENIED,
                        f -> asUser.apply(get("username", s.otherName(), "resource_type", "experiment", "resource_id", s.experiment()))));
                cases.add(fails("unknown user", 404, NOT_FOUND,
                        f -> asAdmin.apply(get("username", "nobody", "resource_type", "experiment", "resource_id", s.experiment()))));
            }
            case "POST /experiments/permissions/create", "POST /registered-models/permissions/create" -> {
                boolean exp = endpoint.startsWith("POST /experiments");
                cases.add(ok(f -> asAdmin.apply(post(row(exp, s, s.newUser(), "EDIT")))));
                cases.add(fails("unknown permission", 400, INVALID, f -> asAdmin.apply(post(row(exp, s, s.otherName(), "OWNER")))));
                cases.add(fails("READ is not MANAGE", 403, DENIED, f -> asUser.apply(post(row(exp, s, s.otherName(), "READ")))));
                cases.add(fails("unknown user", 404, NOT_FOUND, f -> asAdmin.apply(post(row(exp, s, "nobody", "READ")))));
            }
            case "GET /experiments/permissions/get", "GET /registered-models/permissions/get" -> {
                boolean exp = endpoint.startsWith("GET /experiments");
                String key = exp ? "experiment_id" : "name";
                cases.add(ok(f -> asAdmin.apply(get(key, exp ? s.experiment() : s.model(), "username", s.userName()))));
                cases.add(fails("no username", 400, INVALID, f -> asAdmin.apply(get(key, exp ? s.experiment() : s.model()))));
                cases.add(fails("READ is not MANAGE", 403, DENIED, f -> asUser.apply(get(key, exp ? s.experiment() : s.model(), "username", s.userName()))));
                cases.add(fails("no row", 404, NOT_FOUND, f -> asAdmin.apply(get(key, exp ? s.experiment() : s.model(), "username", s.otherName()))));
            }
            case "PATCH /experiments/permissions/update", "PATCH /registered-models/permissions/update" -> {
                boolean exp = endpoint.startsWith("PATCH /experiments");
                cases.add(ok(f -> asAdmin.apply(post(row(exp, s, s.userName(), "READ")))));
                cases.add(fails("unknown permission", 400, INVALID, f -> asAdmin.apply(post(row(exp, s, s.userName(), "OWNER")))));
                cases.add(fails("READ is not MANAGE", 403, DENIED, f -> asUser.apply(post(row(exp, s, s.userName(), "MANAGE")))));
                cases.add(fails("no row", 404, NOT_FOUND, f -> asAdmin.apply(post(row(exp, s, s.otherName(), "READ")))));
            }
            case "DELETE /experiments/permissions/delete", "DELETE /registered-models/permissions/delete" -> {
                boolean exp = endpoint.startsWith("DELETE /experiments");
                cases.add(ok(f -> {
                    String name = s.newUser();
                    s.grant(name, exp ? "experiment" : "registered_model", exp ? s.experiment() : s.model(), "READ");
                    return asAdmin.apply(post(key(exp, s, name)));
                }));
                cases.add(fails("no username", 400, INVALID, f -> asAdmin.apply(post(exp ? obj("experiment_id", s.experiment()) : obj("name", s.model())))));
                cases.add(fails("READ is not MANAGE", 403, DENIED, f -> asUser.apply(post(key(exp, s, s.userName())))));
                cases.add(fails("no row", 404, NOT_FOUND, f -> asAdmin.apply(post(key(exp, s, s.otherName())))));
            }
            default -> {
                if (endpoint.endsWith("/tokens/create")) {
                    cases.add(ok(f -> asUser.apply(post(obj("name", "laptop", "expires_in_days", 30)))));
                    cases.add(fails("a lifetime of 0 days", 400, INVALID, f -> asUser.apply(post(obj("name", "laptop", "expires_in_days", 0)))));
                } else if (endpoint.endsWith("/tokens/list")) {
                    cases.add(ok(f -> asUser.apply(get())));
                    cases.add(fails("malformed JSON body", 400, INVALID, f -> asUser.apply(malformedGet)));
                    cases.add(fails("another user's tokens", 403, DENIED, f -> asUser.apply(get("username", "admin"))));
                    cases.add(fails("an unknown user's tokens", 404, NOT_FOUND, f -> asAdmin.apply(get("username", "nobody"))));
                } else if (endpoint.endsWith("/tokens/revoke")) {
                    cases.add(ok(f -> asUser.apply(post(obj("token_id", s.newToken())))));
                    cases.add(fails("no token_id", 400, INVALID, f -> asUser.apply(post(obj()))));
                    cases.add(fails("unknown token", 404, NOT_FOUND, f -> asUser.apply(post(obj("token_id", "ffff")))));
                } else {
                    throw new IllegalArgumentException("no scenarios for " + endpoint);
                }
            }
        }
        Function<Fixtures, Req> wellFormed = WELL_FORMED.get(endpoint);
        cases.add(fails("no credentials", 401, UNAUTHENTICATED, wellFormed));
        cases.add(fails("a wrong password", 401, UNAUTHENTICATED, f -> as(wellFormed.apply(f), s.wrongPassword())));
        return cases;
    }

    /** Documented statuses that cannot happen with --auth (everyone may call the route, or it has no lookup). */
    static Set<Integer> unprovokable(String endpoint) {
        if (endpoint.equals("GET /users/current") || endpoint.equals("GET /users/list")) {
            return Set.of(403, 404);
        }
        if (endpoint.equals("POST /users/create")) {
            return Set.of(404);
        }
        if (endpoint.endsWith("/tokens/create")) {
            return Set.of(403, 404);
        }
        if (endpoint.endsWith("/tokens/revoke")) {
            return Set.of(403);
        }
        return Set.of();
    }

    private static Case ok(Function<Fixtures, Req> request) {
        return new Case("valid request", true, 200, null, request);
    }

    private static Req as(Req req, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>(req.headers());
        headers.put("Authorization", authorization);
        return new Req(req.query(), req.body(), req.contentType(), headers);
    }

    private static Map<String, Object> grant(String username, String experiment, String permission) {
        return obj("username", username, "resource_type", "experiment", "resource_id", experiment, "permission", permission);
    }

    private static Map<String, Object> target(String username, String type, String id) {
        return obj("username", username, "resource_type", type, "resource_id", id);
    }

    private static Map<String, Object> row(boolean experiment, Setup s, String username, String permission) {
        return experiment ? obj("experiment_id", s.experiment(), "username", username, "permission", permission)
                : obj("name", s.model(), "username", username, "permission", permission);
    }

    private static Map<String, Object> key(boolean experiment, Setup s, String username) {
        return experiment ? obj("experiment_id", s.experiment(), "username", username) : obj("name", s.model(), "username", username);
    }
}
