package dev.labbook.auth;

import dev.labbook.db.Database;
import dev.labbook.http.MlflowException;
import java.util.Optional;
import org.jooq.DSLContext;

/** Per-user permission rows on experiments and registered models: MLflow's create/get/update/delete. */
final class Grants {
    /** The resources a permission row can name. */
    enum Kind { EXPERIMENT, REGISTERED_MODEL }

    private final Database db;
    private final AuthStore store;
    private final AuthService auth;

    Grants(Database db, AuthStore store, AuthService auth) {
        this.db = db;
        this.store = store;
        this.auth = auth;
    }

    /** MLflow 3's resource_type values that name one of our resources (a prompt is a registered model). */
    static Kind kind(String resourceType) {
        return switch (resourceType) {
            case "experiment" -> Kind.EXPERIMENT;
            case "registered_model", "prompt" -> Kind.REGISTERED_MODEL;
            default -> throw MlflowException.invalidParameter("Invalid resource type '" + resourceType
                    + "'. Valid resource types are: ('experiment', 'prompt', 'registered_model')");
        };
    }

    void create(Kind kind, String resource, String username, Permission permission) {
        db.txRun(ctx -> {
            StoredUser user = user(ctx, username);
            requireResource(ctx, kind, resource);
            if (current(ctx, kind, resource, user).isPresent()) {
                throw MlflowException.alreadyExists(describe(kind, resource, username) + " already exists.");
            }
            if (kind == Kind.EXPERIMENT) {
                store.insertExperimentPermission(ctx, user.id(), experimentId(resource), permission);
            } else {
                store.insertModelPermission(ctx, user.id(), resource, permission);
            }
        });
    }

    Permission get(Kind kind, String resource, String username) {
        return db.tx(ctx -> current(ctx, kind, resource, user(ctx, username))
                .orElseThrow(() -> MlflowException.notFound(describe(kind, resource, username) + " not found")));
    }

    /** The permission a request of this user would be judged by: their row, else the default. */
    Permission effective(Kind kind, String resource, String username) {
        return db.tx(ctx -> current(ctx, kind, resource, user(ctx, username)))
                .orElse(auth.settings().defaultPermission());
    }

    void update(Kind kind, String resource, String username, Permission permission) {
        db.txRun(ctx -> {
            StoredUser user = user(ctx, username);
            int changed = kind == Kind.EXPERIMENT
                    ? store.updateExperimentPermission(ctx, user.id(), experimentId(resource), permission)
                    : store.updateModelPermission(ctx, user.id(), resource, permission);
            if (changed == 0) {
                throw MlflowException.notFound(describe(kind, resource, username) + " not found");
            }
        });
    }

    void delete(Kind kind, String resource, String username) {
        db.txRun(ctx -> {
            StoredUser user = user(ctx, username);
            int changed = kind == Kind.EXPERIMENT
                    ? store.deleteExperimentPermission(ctx, user.id(), experimentId(resource))
                    : store.deleteModelPermission(ctx, user.id(), resource);
            if (changed == 0) {
                throw MlflowException.notFound(describe(kind, resource, username) + " not found");
            }
        });
    }

    private Optional<Permission> current(DSLContext ctx, Kind kind, String resource, StoredUser user) {
        return kind == Kind.EXPERIMENT
                ? store.experimentPermission(ctx, user.id(), experimentId(resource))
                : store.modelPermission(ctx, user.id(), resource);
    }

    private StoredUser user(DSLContext ctx, String username) {
        return store.user(ctx, username)
                .orElseThrow(() -> MlflowException.notFound("User with username=" + username + " not found"));
    }

    private void requireResource(DSLContext ctx, Kind kind, String resource) {
        boolean exists = kind == Kind.EXPERIMENT ? store.experimentExists(ctx, experimentId(resource))
                : store.modelExists(ctx, resource);
        if (!exists) {
            throw MlflowException.notFound(kind == Kind.EXPERIMENT
                    ? "No Experiment with id=" + resource + " exists"
                    : "Registered Model with name=" + resource + " not found");
        }
    }

    static long experimentId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw MlflowException.invalidParameter("Invalid experiment ID: '" + id + "'");
        }
    }

    private static String describe(Kind kind, String resource, String username) {
        return kind == Kind.EXPERIMENT
                ? "Experiment permission with experiment_id=" + resource + " and username=" + username
                : "Registered model permission with name=" + resource + " and username=" + username;
    }
}
