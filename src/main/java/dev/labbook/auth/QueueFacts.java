package dev.labbook.auth;

import java.util.List;
import java.util.Locale;

/** What MLflow's review-queue permission rules look at: the queue's experiment, kind, owner and users. */
record QueueFacts(long experimentId, boolean custom, String owner, List<String> users) {

    /** Users are stored lower-cased; the caller's name is compared the same way. */
    boolean hasMember(String username) {
        return users.contains(normalize(username));
    }

    boolean ownedBy(String username) {
        return owner != null && !normalize(owner).isEmpty() && normalize(owner).equals(normalize(username));
    }

    private static String normalize(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }
}
