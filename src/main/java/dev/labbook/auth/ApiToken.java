package dev.labbook.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/** An API token's public description; its secret is shown once, at creation, and never stored. */
record ApiToken(String id, String username, String name, long creationTime, Long expiryTime, Long revokedTime) {

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_id", id);
        json.put("username", username);
        json.put("name", name);
        json.put("creation_time", creationTime);
        if (expiryTime != null) {
            json.put("expiry_time", expiryTime);
        }
        if (revokedTime != null) {
            json.put("revoked_time", revokedTime);
        }
        return json;
    }
}
