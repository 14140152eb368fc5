package dev.labbook.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.http.MlflowException;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    @Test
    void hashesAreSaltedSlowAndVerify() {
        String a = Passwords.hash("correct horse battery");
        String b = Passwords.hash("correct horse battery");
        assertTrue(a.startsWith("pbkdf2:sha256:" + Passwords.ITERATIONS + "$"), a);
        assertNotEquals(a, b, "two hashes of one password must differ by their salt");
        assertTrue(Passwords.matches("correct horse battery", a));
        assertFalse(Passwords.matches("correct horse batterY", a));
    }

    /** A hash in the format MLflow's auth store (werkzeug) reads and writes, made by Python's hashlib. */
    @Test
    void readsWerkzeugPbkdf2Hashes() {
        String stored = "pbkdf2:sha256:1000$0123456789abcdef0123456789abcdef$"
                + "0f6f7fcfc2639c2117832309bcff752f14ee7e0c166a4ec9d5f86b16d05c8043";
        assertTrue(Passwords.matches("interop-password-1", stored));
        assertFalse(Passwords.matches("interop-password-2", stored));
    }

    @Test
    void unknownFormatsNeverMatch() {
        assertFalse(Passwords.matches("x", "scrypt:32768:8:1$salt$abcd"));
        assertFalse(Passwords.matches("x", "plain"));
    }

    @Test
    void passwordsNeedTwelveCharacters() {
        MlflowException e = assertThrows(MlflowException.class, () -> Passwords.validate("elevenchars"));
        assertEquals("Password must be at least 12 characters.", e.getMessage());
        Passwords.validate("twelve chars");
    }
}
