package dev.labbook.auth;

import dev.labbook.db.Database;
import dev.labbook.http.MlflowException;
import java.time.Clock;
import java.util.List;

/** Labbook's API tokens: created for the caller, listed, revoked; only their SHA-256 is stored. */
final class Tokens {
    static final String PREFIX = "lbk_";
    private static final long MAX_LIFETIME_DAYS = 3650;

    private final Database db;
    private final AuthStore store;
    private final Clock clock;

    Tokens(Database db, AuthStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** The new token's description and, once, its secret. */
    record Created(ApiToken token, String secret) {}

    Created create(StoredUser owner, String name, Long expiresInDays) {
        if (name == null || name.isBlank() || name.length() > 256) {
            throw MlflowException.invalidParameter("A token needs a 'name' of 1 to 256 characters.");
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_LIFETIME_DAYS)) {
            throw MlflowException.invalidParameter("'expires_in_days' must be between 1 and " + MAX_LIFETIME_DAYS + ".");
        }
        long now = clock.millis();
        Long expiry = expiresInDays == null ? null : now + expiresInDays * 86_400_000L;
        String secret = PREFIX + Passwords.randomSecret();
        String id = Passwords.sha256Hex(secret).substring(0, 32);
        db.txRun(ctx -> store.insertToken(ctx, id, owner.id(), name, Passwords.sha256Hex(secret), now, expiry));
        return new Created(new ApiToken(id, owner.username(), name, now, expiry, null), secret);
    }

    List<ApiToken> list(StoredUser owner) {
        return db.tx(ctx -> store.tokens(ctx, owner));
    }

    /** Revokes a token of the given owner (admins may name anyone's token); unknown ids are 404. */
    void revoke(Caller caller, String tokenId) {
        db.txRun(ctx -> {
            Long owner = store.tokenUser(ctx, tokenId).orElse(null);
            if (owner == null || (owner != caller.id() && !caller.admin())) {
                throw MlflowException.notFound("Token with token_id=" + tokenId + " not found");
            }
            store.revokeToken(ctx, tokenId, clock.millis());
        });
    }
}
