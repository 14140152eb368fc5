package dev.labbook.auth;

import java.time.Duration;

/**
 * The settings of MLflow's basic_auth.ini that apply here, from flags and env. With auth on, the
 * first start needs an admin password (there is no built-in one): {@code insecureGeneratedAdmin}
 * is the explicit development escape that generates a random one and logs it once.
 */
public record AuthSettings(
        boolean enabled,
        Permission defaultPermission,
        String adminUsername,
        String adminPassword,
        boolean insecureGeneratedAdmin,
        Duration credentialCacheTtl) {

    public static final String DEFAULT_ADMIN_USERNAME = "admin";

    public static AuthSettings disabled() {
        return new AuthSettings(false, Permission.READ, DEFAULT_ADMIN_USERNAME, null, false, Duration.ZERO);
    }

    public AuthSettings {
        if (defaultPermission == null) {
            defaultPermission = Permission.READ;
        }
        if (adminUsername == null || adminUsername.isBlank()) {
            adminUsername = DEFAULT_ADMIN_USERNAME;
        }
        if (adminPassword != null && adminPassword.isEmpty()) {
            adminPassword = null;
        }
        if (credentialCacheTtl == null || credentialCacheTtl.isNegative()) {
            credentialCacheTtl = Duration.ZERO;
        }
        if (enabled && adminPassword != null && adminPassword.length() < Passwords.MIN_LENGTH) {
            throw new IllegalArgumentException("the admin password must be at least " + Passwords.MIN_LENGTH
                    + " characters (LABBOOK_ADMIN_PASSWORD / MLFLOW_AUTH_ADMIN_PASSWORD)");
        }
    }
}
