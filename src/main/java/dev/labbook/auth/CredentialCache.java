package dev.labbook.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers successful password checks for a short time, so that a client logging thousands of
 * batches does not pay a 600,000-round PBKDF2 per request (MLflow's auth_cache_ttl_seconds). Keys
 * are HMACs of the password under a per-process random key; a password, admin or delete change
 * drops the user's entries at once. A zero TTL turns the cache off.
 */
final class CredentialCache {
    private static final int MAX_ENTRIES = 10_000;

    private record Key(String username, String digest) {}

    private record Entry(long userId, long expiresAt) {}

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;
    private final byte[] hmacKey = Passwords.randomSecret().getBytes(StandardCharsets.US_ASCII);

    CredentialCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The user id a still-fresh check of this password returned, or -1. */
    long lookup(String username, String password) {
        if (ttl.isZero()) {
            return -1;
        }
        Entry entry = entries.get(new Key(username, digest(password)));
        return entry != null && entry.expiresAt() > clock.millis() ? entry.userId() : -1;
    }

    void remember(String username, String password, long userId) {
        if (ttl.isZero()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(new Key(username, digest(password)), new Entry(userId, clock.millis() + ttl.toMillis()));
    }

    void forget(String username) {
        entries.keySet().removeIf(k -> k.username().equals(username));
    }

    private String digest(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return Arrays.toString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
