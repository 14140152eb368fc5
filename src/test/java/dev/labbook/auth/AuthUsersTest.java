package dev.labbook.auth;

import static dev.labbook.auth.AuthApp.assertDenied;
import static dev.labbook.auth.AuthApp.assertUnauthenticated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.auth.AuthApp.Client;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MLflow's user endpoints and Labbook's API tokens: shapes, status codes and who may call them. */
class AuthUsersTest {
    private static final String API = "/api/2.0/mlflow";
    private static AuthApp server;
    private static Client admin;

    @BeforeAll
    static void start() {
        server = new AuthApp(Permission.READ);
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void onlyAdminsCreateUsersAndNamesAreUnique() {
        Client carol = server.newUser("carol");
        JsonNode current = carol.get(API + "/users/current").ok();
        assertEquals("carol", current.at("/user/username").asText());
        assertFalse(current.at("/user/is_admin").asBoolean());
        assertTrue(current.at("/user/id").isIntegralNumber());

        assertDenied(carol.post(API + "/users/create", Map.of("username", "mallory", "password", "mallory-password")));
        assertEquals(404, admin.get(API + "/users/get", "username", "mallory").status());
        admin.post(API + "/users/create", Map.of("username", "carol", "password", "another-password"))
                .error(400, "RESOURCE_ALREADY_EXISTS");
        admin.post(API + "/users/create", Map.of("username", "short", "password", "too-short"))
                .error(400, "INVALID_PARAMETER_VALUE");
        admin.post(API + "/users/create", Map.of("username", "", "password", "long-enough-password"))
                .error(400, "INVALID_PARAMETER_VALUE");
        admin.get(API + "/users/get", "username", "nobody").error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void usersReadOnlyThemselves() {
        Client dave = server.newUser("dave");
        server.newUser("erin");
        assertEquals("dave", dave.get(API + "/users/get", "username", "dave").ok().at("/user/username").asText());
        assertDenied(dave.get(API + "/users/get", "username", "erin"));
        assertEquals("erin", admin.get("/ajax-api/2.0/mlflow/users/get", "username", "erin").ok().at("/user/username").asText());
        assertTrue(dave.get(API + "/users/list").ok().path("users").findValuesAsText("username").contains("erin"));
    }

    @Test
    void changingOnesOwnPasswordNeedsTheCurrentOne() {
        Client frank = server.newUser("frank");
        frank.patch(API + "/users/update-password", Map.of("username", "frank", "password", "frank-new-password"))
                .error(400, "INVALID_PARAMETER_VALUE");
        frank.patch(API + "/users/update-password", Map.of("username", "frank", "password", "frank-new-password",
                "current_password", "wrong-current-pw")).error(400, "INVALID_PARAMETER_VALUE");
        frank.patch(API + "/users/update-password", Map.of("username", "frank", "password", "frank-new-password",
                "current_password", "frank-password-123")).ok();
        assertUnauthenticated(frank.get(API + "/users/current"));
        server.as("frank", "frank-new-password").get(API + "/users/current").ok();

        Client grace = server.newUser("grace");
        assertDenied(grace.patch(API + "/users/update-password", Map.of("username", "frank", "password", "stolen-password-1")));
        admin.patch(API + "/users/update-password", Map.of("username", "frank", "password", "reset-by-admin-1")).ok();
        server.as("frank", "reset-by-admin-1").get(API + "/users/current").ok();
    }

    @Test
    void adminFlagAndDeletionAreForAdmins() {
        Client heidi = server.newUser("heidi");
        server.newUser("ivan");
        assertDenied(heidi.patch(API + "/users/update-admin", Map.of("username", "heidi", "is_admin", true)));
        assertDenied(heidi.delete(API + "/users/delete", Map.of("username", "ivan")));
        admin.patch(API + "/users/update-admin", Map.of("username", "heidi", "is_admin", true)).ok();
        assertTrue(heidi.get(API + "/users/current").ok().at("/user/is_admin").asBoolean());
        heidi.delete(API + "/users/delete", Map.of("username", "ivan")).ok();
        assertUnauthenticated(server.as("ivan", "ivan-password-123").get(API + "/users/current"));
        heidi.delete(API + "/users/delete", Map.of("username", "heidi")).error(400, "BAD_REQUEST");
        admin.patch(API + "/users/update-admin", Map.of("username", "heidi", "is_admin", false)).ok();
        assertDenied(heidi.delete(API + "/users/delete", Map.of("username", "carol")));
    }

    @Test
    void tokensAuthenticateUntilRevoked() {
        Client judy = server.newUser("judy");
        JsonNode created = judy.post("/api/2.0/labbook/tokens/create", Map.of("name", "laptop", "expires_in_days", 30)).ok();
        String secret = created.path("secret").asText();
        String id = created.at("/token/token_id").asText();
        assertTrue(secret.startsWith("lbk_"), secret);
        assertEquals("judy", server.bearer(secret).get(API + "/users/current").ok().at("/user/username").asText());

        JsonNode listed = judy.get("/api/2.0/labbook/tokens/list").ok();
        assertEquals(id, listed.at("/tokens/0/token_id").asText());
        assertFalse(listed.toString().contains(secret), "a token's secret is shown only once");

        Client ken = server.newUser("ken");
        ken.post("/api/2.0/labbook/tokens/revoke", Map.of("token_id", id)).error(404, "RESOURCE_DOES_NOT_EXIST");
        server.bearer(secret).get(API + "/users/current").ok();
        judy.post("/api/2.0/labbook/tokens/revoke", Map.of("token_id", id)).ok();
        assertUnauthenticated(server.bearer(secret).get(API + "/users/current"));
        assertTrue(judy.get("/api/2.0/labbook/tokens/list").ok().at("/tokens/0/revoked_time").isIntegralNumber());

        judy.post("/api/2.0/labbook/tokens/create", Map.of("name", "bad", "expires_in_days", 0)).error(400, "INVALID_PARAMETER_VALUE");
        assertUnauthenticated(server.bearer("lbk_not-a-token").get(API + "/users/current"));
    }

    @Test
    void probesAreOpenAndEverythingElseChallenges() {
        assertEquals(200, server.anonymous().get("/health").status());
        assertEquals(200, server.anonymous().get("/api/3.0/mlflow/server-info").status());
        assertUnauthenticated(server.anonymous().get("/version"));
        assertUnauthenticated(server.anonymous().get("/"));
        assertUnauthenticated(server.anonymous().get(API + "/users/current"));
    }
}
