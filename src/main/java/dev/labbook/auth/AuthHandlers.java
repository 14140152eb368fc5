package dev.labbook.auth;

import dev.labbook.auth.Grants.Kind;
import dev.labbook.http.ApiRequest;
import dev.labbook.http.MlflowException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's basic-auth endpoints (users, per-user permissions) and Labbook's token endpoints. Who
 * may call each one is {@link RoutePermissions}'s business; these only parse, call and render.
 */
public final class AuthHandlers {
    private final AuthService auth;
    private final AuthGate gate;

    public AuthHandlers(AuthService auth, AuthGate gate) {
        this.auth = auth;
        this.gate = gate;
    }

    // ---- users ----

    public Object createUser(ApiRequest r) {
        String username = r.optionalString("username");
        String password = r.optionalString("password");
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            throw MlflowException.invalidParameter("Username and password cannot be empty.");
        }
        return Map.of("user", auth.createUser(username, password).json());
    }

    public Object getUser(ApiRequest r) {
        return Map.of("user", auth.user(r.requiredString("username")).json());
    }

    public Object currentUser(ApiRequest r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", auth.user(gate.caller().username()).json());
        json.put("is_basic_auth", true);
        return json;
    }

    public Object listUsers(ApiRequest r) {
        List<Map<String, Object>> users = auth.users().stream().map(u -> {
            Map<String, Object> json = u.json();
            json.put("roles", List.of());
            return json;
        }).toList();
        return Map.of("users", users);
    }

    public Object updatePassword(ApiRequest r) {
        auth.updatePassword(gate.caller(), r.requiredString("username"), r.requiredString("password"),
                r.optionalString("current_password"));
        return null;
    }

    public Object updateAdmin(ApiRequest r) {
        Boolean admin = r.optionalBoolean("is_admin");
        if (admin == null) {
            throw r.missing("is_admin");
        }
        auth.updateAdmin(r.requiredString("username"), admin);
        return null;
    }

    public Object deleteUser(ApiRequest r) {
        auth.deleteUser(gate.caller(), r.requiredString("username"));
        return null;
    }

    // ---- MLflow 3's per-user grants ----

    public Object grantPermission(ApiRequest r) {
        Kind kind = Grants.kind(r.requiredString("resource_type"));
        Permission permission = Permission.parse(r.requiredString("permission"));
        if (permission == Permission.NO_PERMISSIONS) {
            throw MlflowException.invalidParameter("Permission 'NO_PERMISSIONS' cannot be granted: without a grant "
                    + "the default permission applies.");
        }
        auth.grants().create(kind, r.requiredString("resource_id"), r.requiredString("username"), permission);
        return null;
    }

    public Object revokePermission(ApiRequest r) {
        auth.grants().delete(Grants.kind(r.requiredString("resource_type")), r.requiredString("resource_id"),
                r.requiredString("username"));
        return null;
    }

    public Object getPermission(ApiRequest r) {
        Permission p = auth.grants().effective(Grants.kind(r.requiredString("resource_type")),
                r.requiredString("resource_id"), r.requiredString("username"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("allowed", p.allows(Permission.Level.USE));
        json.put("permission", p.name());
        return json;
    }

    // ---- MLflow 2's experiment and registered-model permission endpoints ----

    public Object createExperimentPermission(ApiRequest r) {
        return permissionRow(r, Kind.EXPERIMENT, true);
    }

    public Object getExperimentPermission(ApiRequest r) {
        return permissionRow(r, Kind.EXPERIMENT, false);
    }

    public Object updateExperimentPermission(ApiRequest r) {
        auth.grants().update(Kind.EXPERIMENT, r.requiredString("experiment_id"), r.requiredString("username"),
                Permission.parse(r.requiredString("permission")));
        return null;
    }

    public Object deleteExperimentPermission(ApiRequest r) {
        auth.grants().delete(Kind.EXPERIMENT, r.requiredString("experiment_id"), r.requiredString("username"));
        return null;
    }

    public Object createModelPermission(ApiRequest r) {
        return permissionRow(r, Kind.REGISTERED_MODEL, true);
    }

    public Object getModelPermission(ApiRequest r) {
        return permissionRow(r, Kind.REGISTERED_MODEL, false);
    }

    public Object updateModelPermission(ApiRequest r) {
        auth.grants().update(Kind.REGISTERED_MODEL, r.requiredString("name"), r.requiredString("username"),
                Permission.parse(r.requiredString("permission")));
        return null;
    }

    public Object deleteModelPermission(ApiRequest r) {
        auth.grants().delete(Kind.REGISTERED_MODEL, r.requiredString("name"), r.requiredString("username"));
        return null;
    }

    private Object permissionRow(ApiRequest r, Kind kind, boolean create) {
        String resource = r.requiredString(kind == Kind.EXPERIMENT ? "experiment_id" : "name");
        String username = r.requiredString("username");
        Permission permission;
        if (create) {
            permission = Permission.parse(r.requiredString("permission"));
            auth.grants().create(kind, resource, username, permission);
        } else {
            permission = auth.grants().get(kind, resource, username);
        }
        long userId = auth.user(username).id();
        Map<String, Object> json = new LinkedHashMap<>();
        if (kind == Kind.EXPERIMENT) {
            json.put("experiment_id", resource);
            json.put("user_id", userId);
            json.put("permission", permission.name());
            return Map.of("experiment_permission", json);
        }
        json.put("name", resource);
        json.put("user_id", userId);
        json.put("permission", permission.name());
        return Map.of("registered_model_permission", json);
    }

    // ---- Labbook's API tokens ----

    public Object createToken(ApiRequest r) {
        Tokens.Created created = auth.tokens().create(auth.user(gate.caller().username()), r.requiredString("name"),
                r.optionalLong("expires_in_days"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token", created.token().json());
        json.put("secret", created.secret());
        return json;
    }

    public Object listTokens(ApiRequest r) {
        Caller caller = gate.caller();
        String username = r.optionalString("username");
        if (username != null && !username.equals(caller.username()) && !caller.admin()) {
            throw new MlflowException(dev.labbook.http.ErrorCode.PERMISSION_DENIED, "Permission denied");
        }
        StoredUser owner = auth.user(username == null ? caller.username() : username);
        return Map.of("tokens", auth.tokens().list(owner).stream().map(ApiToken::json).toList());
    }

    public Object revokeToken(ApiRequest r) {
        auth.tokens().revoke(gate.caller(), r.requiredString("token_id"));
        return null;
    }
}
