package dev.labbook.artifacts;

import dev.labbook.http.MlflowException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one check every artifact path from a request passes before it reaches storage. It answers
 * the classes behind MLflow's path-traversal advisories: "..", percent-encoded and double-encoded
 * separators and dots, absolute and drive paths, backslashes, '#', ';' and control characters.
 */
public final class ArtifactPaths {
    private static final int MAX_DECODE_ROUNDS = 5;

    private ArtifactPaths() {}

    /** A safe relative path, normalised ("a//./b" becomes "a/b"); "" stands for the root. */
    public static String validate(String path) {
        if (path == null) {
            return "";
        }
        String decoded = fullyDecoded(path);
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '#' || c == '\\' || c == ';') {
                throw invalid();
            }
        }
        if (decoded.startsWith("/") || decoded.matches("^[A-Za-z]:.*") || decoded.startsWith("file:")) {
            throw invalid();
        }
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.split("/")) {
            if (segment.equals("..")) {
                throw invalid();
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    /** Joins a validated relative path onto a prefix that is itself trusted. */
    public static String join(String prefix, String relative) {
        if (prefix.isEmpty()) {
            return relative;
        }
        if (relative.isEmpty()) {
            return prefix;
        }
        return prefix.endsWith("/") ? prefix + relative : prefix + "/" + relative;
    }

    /** Decodes until stable, so that %252e%252e is seen as ".." however often it was encoded. */
    private static String fullyDecoded(String path) {
        String current = path;
        for (int round = 0; round < MAX_DECODE_ROUNDS; round++) {
            String next;
            try {
                next = URLDecoder.decode(current.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // A '%' that starts no escape ("accuracy 95%.txt") is just a character.
                return current;
            }
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        throw invalid();
    }

    private static MlflowException invalid() {
        return MlflowException.invalidParameter("Invalid path");
    }
}
