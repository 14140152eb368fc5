package dev.labbook.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/** A row of the users table. The hash never leaves the server. */
record StoredUser(long id, String username, String passwordHash, boolean admin) {

    Caller caller() {
        return new Caller(id, username, admin);
    }

    /** MLflow's User JSON: id, username, is_admin. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("username", username);
        json.put("is_admin", admin);
        return json;
    }
}
