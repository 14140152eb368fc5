package dev.labbook.artifacts;

import java.util.Locale;
import java.util.Map;

/** The Content-Type for a downloaded artifact, from its file name, as the UI's previews expect. */
final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("txt", "text/plain"), Map.entry("log", "text/plain"), Map.entry("md", "text/markdown"),
            Map.entry("py", "text/x-python"), Map.entry("yaml", "text/yaml"), Map.entry("yml", "text/yaml"),
            Map.entry("json", "application/json"), Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("html", "text/plain"), Map.entry("htm", "text/plain"), Map.entry("xml", "application/xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("bmp", "image/bmp"),
            Map.entry("webp", "image/webp"), Map.entry("pdf", "application/pdf"), Map.entry("parquet",
                    "application/octet-stream"), Map.entry("pkl", "application/octet-stream"));

    private ContentTypes() {}

    static String forName(String name) {
        if (name.equals("MLmodel")) {
            return "text/plain";
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return "application/octet-stream";
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }
}
