package dev.labbook.auth;

import static dev.labbook.db.schema.Tables.EXPERIMENT_PERMISSIONS;
import static dev.labbook.db.schema.Tables.REGISTERED_MODEL_PERMISSIONS;

import dev.labbook.db.Database;
import dev.labbook.db.ReadScope;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** MLflow's basic-auth rules: who the caller is, what they may do, and the user administration. */
public final class AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

    private final Database db;
    private final AuthStore store;
    private final AuthSettings settings;
    private final Clock clock;
    private final CredentialCache cache;

    public AuthService(Database db, AuthSettings settings, Clock clock) {
        this.db = db;
        this.store = new AuthStore();
        this.settings = settings;
        this.clock = clock;
        this.cache = new CredentialCache(settings.credentialCacheTtl(), clock);
    }

    public AuthSettings settings() {
        return settings;
    }

    /**
     * Creates the first admin in an empty user store, as MLflow does. There is no built-in password:
     * without one the server refuses to start, unless the insecure development switch asks for a
     * random one, which is logged once.
     */
    public void bootstrapAdmin() {
        if (db.tx(store::hasUsers)) {
            return;
        }
        String password = settings.adminPassword();
        if (password == null) {
            if (!settings.insecureGeneratedAdmin()) {
                throw new IllegalArgumentException("--auth is on and the user store is empty, but no admin password is "
                        + "configured: set LABBOOK_ADMIN_PASSWORD (or MLFLOW_AUTH_ADMIN_PASSWORD), at least "
                        + Passwords.MIN_LENGTH + " characters, or pass --auth-insecure-generated-admin for a "
                        + "throwaway development server");
            }
            password = Passwords.randomSecret();
            LOG.warn("Generated a random password for admin user '{}' (development only): {}",
                    settings.adminUsername(), password);
        }
        String hash = Passwords.hash(password);
        try {
            db.txRun(ctx -> store.insertUser(ctx, settings.adminUsername(), hash, true));
        } catch (org.jooq.exception.DataAccessException e) {
            // Replicas starting together on an empty store: one of them created the admin first.
            if (db.tx(ctx -> store.user(ctx, settings.adminUsername())).isPresent()) {
                return;
            }
            throw e;
        }
        LOG.info("Created admin user '{}'", settings.adminUsername());
    }

    // ---- authentication ----

    public Optional<Caller> authenticatePassword(String username, String password) {
        long cached = cache.lookup(username, password);
        if (cached >= 0) {
            Optional<StoredUser> user = db.tx(ctx -> store.user(ctx, cached));
            return user.filter(u -> u.username().equals(username)).map(StoredUser::caller);
        }
        Optional<StoredUser> user = db.tx(ctx -> store.user(ctx, username));
        if (user.isEmpty() || !Passwords.matches(password, user.get().passwordHash())) {
            return Optional.empty();
        }
        cache.remember(username, password, user.get().id());
        return user.map(StoredUser::caller);
    }

    public Optional<Caller> authenticateToken(String token) {
        String hash = Passwords.sha256Hex(token);
        return db.tx(ctx -> store.tokenOwner(ctx, hash, clock.millis())).map(StoredUser::caller);
    }

    // ---- authorization ----

    public Permission experimentPermission(Caller caller, long experimentId) {
        return db.tx(ctx -> store.experimentPermission(ctx, caller.id(), experimentId)).orElse(settings.defaultPermission());
    }

    public Permission modelPermission(Caller caller, String name) {
        return db.tx(ctx -> store.modelPermission(ctx, caller.id(), name)).orElse(settings.defaultPermission());
    }

    /**
     * The caller's readable experiments and models as SQL: with a readable default, everything but
     * the rows that deny reading; otherwise only the rows that allow it.
     */
    public ReadScope readScope(Caller caller) {
        List<String> readable = java.util.Arrays.stream(Permission.values()).filter(p -> p.allows(Permission.Level.READ))
                .map(Enum::name).toList();
        boolean byDefault = settings.defaultPermission().allows(Permission.Level.READ);
        return new ReadScope(
                id -> {
                    var rows = DSL.select(EXPERIMENT_PERMISSIONS.EXPERIMENT_ID).from(EXPERIMENT_PERMISSIONS)
                            .where(EXPERIMENT_PERMISSIONS.USER_ID.eq(caller.id()));
                    return byDefault ? id.notIn(rows.and(EXPERIMENT_PERMISSIONS.PERMISSION.notIn(readable)))
                            : id.in(rows.and(EXPERIMENT_PERMISSIONS.PERMISSION.in(readable)));
                },
                name -> {
                    var rows = DSL.select(REGISTERED_MODEL_PERMISSIONS.NAME).from(REGISTERED_MODEL_PERMISSIONS)
                            .where(REGISTERED_MODEL_PERMISSIONS.USER_ID.eq(caller.id()));
                    Condition c = byDefault ? name.notIn(rows.and(REGISTERED_MODEL_PERMISSIONS.PERMISSION.notIn(readable)))
                            : name.in(rows.and(REGISTERED_MODEL_PERMISSIONS.PERMISSION.in(readable)));
                    return c;
                });
    }

    /** MLflow gives the creator of an experiment MANAGE on it. */
    public void grantCreatorExperiment(Caller caller, long experimentId) {
        db.txRun(ctx -> {
            if (store.updateExperimentPermission(ctx, caller.id(), experimentId, Permission.MANAGE) == 0) {
                store.insertExperimentPermission(ctx, caller.id(), experimentId, Permission.MANAGE);
            }
        });
    }

    /** ... and of a registered model. */
    public void grantCreatorModel(Caller caller, String name) {
        db.txRun(ctx -> {
            if (store.updateModelPermission(ctx, caller.id(), name, Permission.MANAGE) == 0) {
                store.insertModelPermission(ctx, caller.id(), name, Permission.MANAGE);
            }
        });
    }

    // ---- lookups for the gate ----

    public Optional<Long> runExperiment(String runId) {
        return db.tx(ctx -> store.runExperiment(ctx, runId));
    }

    public Optional<Long> loggedModelExperiment(String modelId) {
        return db.tx(ctx -> store.loggedModelExperiment(ctx, modelId));
    }

    public Optional<Long> traceExperiment(String traceId) {
        return db.tx(ctx -> store.traceExperiment(ctx, traceId));
    }

    public Optional<Long> issueExperiment(String issueId) {
        return db.tx(ctx -> store.issueExperiment(ctx, issueId));
    }

    public List<Long> onlineConfigExperiments(List<String> scorerIds) {
        return scorerIds.isEmpty() ? List.of() : db.tx(ctx -> store.onlineConfigExperiments(ctx, scorerIds));
    }

    public Optional<Long> labelSchemaExperiment(String schemaId) {
        return db.tx(ctx -> store.labelSchemaExperiment(ctx, schemaId));
    }

    Optional<QueueFacts> reviewQueue(String queueId) {
        return db.tx(ctx -> store.reviewQueue(ctx, queueId, null, null));
    }

    Optional<QueueFacts> reviewQueueByName(long experimentId, String name) {
        return db.tx(ctx -> store.reviewQueue(ctx, null, experimentId, name));
    }

    /** The registered user whose name is this one ignoring case and surrounding blanks, if any. */
    public Optional<String> registeredUserLike(String name) {
        String target = name.strip().toLowerCase(java.util.Locale.ROOT);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        return users().stream().map(StoredUser::username)
                .filter(u -> u.strip().toLowerCase(java.util.Locale.ROOT).equals(target)).findFirst();
    }

    /** The experiments an evaluation dataset belongs to; none for a dataset that does not exist. */
    public java.util.List<Long> datasetExperiments(String datasetId) {
        return db.tx(ctx -> store.datasetExperiments(ctx, datasetId));
    }

    public Optional<Long> experimentIdByName(String name) {
        return db.tx(ctx -> store.experimentIdByName(ctx, name));
    }

    // ---- users ----

    StoredUser createUser(String username, String password) {
        validateUsername(username);
        Passwords.validate(password);
        String hash = Passwords.hash(password);
        return db.tx(ctx -> {
            if (store.user(ctx, username).isPresent()) {
                throw MlflowException.alreadyExists("User (username=" + username + ") already exists.");
            }
            return store.insertUser(ctx, username, hash, false);
        });
    }

    StoredUser user(String username) {
        return db.tx(ctx -> requireUser(ctx, username));
    }

    List<StoredUser> users() {
        return db.tx(store::users);
    }

    void updatePassword(Caller sender, String username, String password, String currentPassword) {
        StoredUser user = user(username);
        if (sender.username().equals(username)) {
            if (currentPassword == null || currentPassword.isEmpty()) {
                throw MlflowException.invalidParameter("Current password is required when changing your own password.");
            }
            if (!Passwords.matches(currentPassword, user.passwordHash())) {
                throw MlflowException.invalidParameter("Current password does not match.");
            }
            if (password.equals(currentPassword)) {
                throw MlflowException.invalidParameter("New password must differ from the current password.");
            }
        }
        Passwords.validate(password);
        String hash = Passwords.hash(password);
        db.txRun(ctx -> store.updatePassword(ctx, user.id(), hash));
        cache.forget(username);
    }

    void updateAdmin(String username, boolean admin) {
        StoredUser user = user(username);
        db.txRun(ctx -> store.updateAdmin(ctx, user.id(), admin));
        cache.forget(username);
    }

    void deleteUser(Caller sender, String username) {
        if (sender.username().equals(username)) {
            throw new MlflowException(ErrorCode.BAD_REQUEST,
                    "Users cannot delete their own account. Ask another admin to delete this user instead.");
        }
        StoredUser user = user(username);
        db.txRun(ctx -> store.deleteUser(ctx, user.id()));
        cache.forget(username);
    }

    private StoredUser requireUser(org.jooq.DSLContext ctx, String username) {
        return store.user(ctx, username).orElseThrow(
                () -> MlflowException.notFound("User with username=" + username + " not found"));
    }

    private static void validateUsername(String username) {
        if (username == null || username.isEmpty()) {
            throw MlflowException.invalidParameter("Username cannot be empty.");
        }
        if (username.length() > 255) {
            throw MlflowException.invalidParameter("Username exceeds the maximum length of 255 characters.");
        }
    }

    // ---- permission administration ----

    /** One (user, resource) permission row and the operations on it, for both resource kinds. */
    Grants grants() {
        return new Grants(db, store, this);
    }

    Optional<StoredUser> findUser(String username) {
        return db.tx(ctx -> store.user(ctx, username));
    }

    // ---- tokens ----

    Tokens tokens() {
        return new Tokens(db, store, clock);
    }
}
