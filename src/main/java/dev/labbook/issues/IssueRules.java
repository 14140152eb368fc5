package dev.labbook.issues;

import dev.labbook.http.MlflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** MLflow's limits on issue fields (mlflow.utils.issue_utils), with its wording. */
final class IssueRules {
    /** In order: the rank of each is its index. */
    static final List<String> STATUSES = List.of("pending", "rejected", "resolved");
    static final List<String> SEVERITIES = List.of("not_an_issue", "low", "medium", "high");
    private static final Pattern ISSUE_ID = Pattern.compile("iss-[A-Za-z0-9_-]{1,32}");

    private IssueRules() {}

    static void name(String name) {
        if (name != null && (name.isEmpty() || length(name) > 250)) {
            throw MlflowException.invalidParameter("Issue name must contain 1 to 250 characters");
        }
    }

    static void status(String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw MlflowException.invalidParameter("Invalid issue status: " + repr(status));
        }
    }

    static void severity(String severity) {
        if (severity != null && !SEVERITIES.contains(severity)) {
            throw MlflowException.invalidParameter("Invalid issue severity: " + repr(severity));
        }
    }

    static void issueId(String issueId) {
        if (issueId != null && !ISSUE_ID.matcher(issueId).matches()) {
            throw MlflowException.invalidParameter("issue_id must be iss-* and at most 36 characters");
        }
    }

    static void actor(String field, String value) {
        if (value != null && length(value) > 255) {
            throw MlflowException.invalidParameter("Invalid " + field);
        }
    }

    /** categories and delete_metadata_keys: at most 100 strings of 1 to 250 characters. */
    static void strings(String field, List<String> values) {
        if (values != null && (values.size() > 100 || values.stream().anyMatch(v -> v.isEmpty() || length(v) > 250))) {
            throw MlflowException.invalidParameter(field
                    + " must contain at most 100 nonempty strings of at most 250 characters");
        }
    }

    static void metadata(Map<String, String> metadata) {
        if (metadata != null && (metadata.size() > 100 || metadata.entrySet().stream().anyMatch(e ->
                e.getKey().isEmpty() || length(e.getKey()) > 250 || length(e.getValue()) > 65536))) {
            throw MlflowException.invalidParameter("metadata must be a string map with at most 100 entries");
        }
    }

    static void lastSeen(Long millis) {
        if (millis != null && millis < 0) {
            throw MlflowException.invalidParameter("last_seen_timestamp must be nonnegative milliseconds");
        }
    }

    /** The category index key: SHA-256 of the trimmed, lower-cased category. */
    static String categoryHash(String category) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(category.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Python's repr of a str, as MLflow's messages quote values. */
    static String repr(String value) {
        boolean single = value.contains("'") && !value.contains("\"");
        String quote = single ? "\"" : "'";
        String body = value.replace("\\", "\\\\");
        if (!single) {
            body = body.replace("'", "\\'");
        }
        return quote + body.replace("\n", "\\n").replace("\t", "\\t") + quote;
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
