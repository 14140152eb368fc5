package dev.labbook.auth;

import dev.labbook.http.MlflowException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** MLflow's permission levels, each with what it allows (mlflow/server/auth/permissions.py). */
public enum Permission {
    READ(true, false, false, false, false),
    USE(true, true, false, false, false),
    EDIT(true, true, true, false, false),
    MANAGE(true, true, true, true, true),
    NO_PERMISSIONS(false, false, false, false, false);

    private final boolean read;
    private final boolean use;
    private final boolean update;
    private final boolean delete;
    private final boolean manage;

    Permission(boolean read, boolean use, boolean update, boolean delete, boolean manage) {
        this.read = read;
        this.use = use;
        this.update = update;
        this.delete = delete;
        this.manage = manage;
    }

    public boolean allows(Level level) {
        return switch (level) {
            case READ -> read;
            case USE -> use;
            case UPDATE -> update;
            case DELETE -> delete;
            case MANAGE -> manage;
        };
    }

    /** What a route asks of the caller on its resource. */
    public enum Level { READ, USE, UPDATE, DELETE, MANAGE }

    /** A permission named in a request; anything else is MLflow's INVALID_PARAMETER_VALUE. */
    public static Permission parse(String name) {
        for (Permission p : values()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw MlflowException.invalidParameter("Invalid permission '" + name + "'. Valid permissions are: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
