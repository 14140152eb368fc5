package dev.labbook.model;

import java.util.ArrayDeque;
import java.util.Deque;

/** POSIX path normalisation with Python's posixpath.normpath semantics, which MLflow's name rule uses. */
final class PosixPath {
    private PosixPath() {}

    static String normalise(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int leadingSlashes = path.startsWith("//") && !path.startsWith("///") ? 2 : path.startsWith("/") ? 1 : 0;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else if (!(part.equals("..") && leadingSlashes > 0)) {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        String result = "/".repeat(leadingSlashes) + joined;
        return result.isEmpty() ? "." : result;
    }
}
