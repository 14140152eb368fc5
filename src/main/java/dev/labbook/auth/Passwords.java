package dev.labbook.auth;

import dev.labbook.http.MlflowException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes in the format MLflow's auth store writes
 * ({@code pbkdf2:sha256:<iterations>$<salt>$<hash>}), so hashes can move between the two.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    static final int ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Passwords() {}

    /** MLflow's rule: at least 12 characters. */
    public static void validate(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw MlflowException.invalidParameter("Password must be at least " + MIN_LENGTH + " characters.");
        }
    }

    public static String hash(String password) {
        byte[] saltBytes = new byte[16];
        RANDOM.nextBytes(saltBytes);
        String salt = HEX.formatHex(saltBytes);
        return "pbkdf2:sha256:" + ITERATIONS + "$" + salt + "$" + HEX.formatHex(derive(password, salt, ITERATIONS));
    }

    /** Constant-time check; a hash in an unknown format never matches. */
    public static boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$", 3);
        if (parts.length != 3 || !parts[0].startsWith("pbkdf2:sha256:")) {
            return false;
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0].substring("pbkdf2:sha256:".length()));
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = HEX.parseHex(parts[2]);
        return MessageDigest.isEqual(expected, derive(password, parts[1], iterations));
    }

    private static byte[] derive(String password, String salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    /** A random secret of 256 bits, URL-safe, for API tokens and generated admin passwords. */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256Hex(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
