package dev.labbook.review;

import dev.labbook.http.MlflowException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** MLflow's normalization and limits for queue names, users, schema ids and item ids. */
final class QueueRules {
    static final int NAME_MAX = 250;
    static final int USER_MAX = 250;
    static final int SCHEMA_ID_MAX = 36;
    static final int ITEM_ID_MAX = 50;
    static final int MAX_USERS = 10;

    private QueueRules() {}

    /** Users are matched case-insensitively, so they are stored stripped and lower-cased. */
    static String user(String user) {
        return Py.lower(Py.strip(user));
    }

    static List<String> users(List<String> users) {
        LinkedHashSet<String> normalized = new LinkedHashSet<>();
        for (String u : users) {
            String n = user(u);
            nonEmpty(n, "user", USER_MAX);
            normalized.add(n);
        }
        if (normalized.size() > MAX_USERS) {
            throw MlflowException.invalidParameter("A review queue can have at most " + MAX_USERS
                    + " assigned users; got " + normalized.size() + ".");
        }
        return new ArrayList<>(normalized);
    }

    static List<String> schemaIds(List<String> schemaIds) {
        LinkedHashSet<String> normalized = new LinkedHashSet<>();
        for (String id : schemaIds) {
            String n = Py.strip(id);
            nonEmpty(n, "schema_id", SCHEMA_ID_MAX);
            normalized.add(n);
        }
        return new ArrayList<>(normalized);
    }

    /** A custom queue's name: stripped, casing kept, never the reserved "default". */
    static String customName(String name) {
        String n = Py.strip(name);
        nonEmpty(n, "name", NAME_MAX);
        if (Py.lower(n).equals("default")) {
            throw MlflowException.invalidParameter("`" + n + "` is a reserved queue name and cannot be used for a "
                    + "custom queue.");
        }
        return n;
    }

    static String owner(String owner) {
        String n = Py.strip(owner);
        nonEmpty(n, "new_owner", USER_MAX);
        return n;
    }

    /** Item ids for attach and detach: at least one, each stripped and non-empty, duplicates dropped. */
    static List<String> itemIds(List<String> itemIds) {
        if (itemIds.isEmpty()) {
            throw MlflowException.invalidParameter("`item_ids` must be a non-empty list; got [].");
        }
        LinkedHashSet<String> normalized = new LinkedHashSet<>();
        for (String id : itemIds) {
            String n = Py.strip(id);
            nonEmpty(n, "item_id", ITEM_ID_MAX);
            normalized.add(n);
        }
        return new ArrayList<>(normalized);
    }

    static void nonEmpty(String value, String field, int max) {
        if (value.isEmpty()) {
            throw MlflowException.invalidParameter("`" + field + "` must be a non-empty string; got ''.");
        }
        if (Py.len(value) > max) {
            throw MlflowException.invalidParameter("`" + field + "` must be at most " + max + " characters; got "
                    + Py.len(value) + ".");
        }
    }
}
