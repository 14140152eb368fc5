package dev.labbook.artifacts;

import dev.labbook.artifacts.ArtifactStorage.ByteRange;

/** Parses a single-range "Range: bytes=first-last" header; anything else means the whole object. */
final class HttpRanges {
    private HttpRanges() {}

    static ByteRange parse(String header) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return ByteRange.ALL;
        }
        String[] bounds = header.substring("bytes=".length()).trim().split("-", -1);
        try {
            if (bounds.length != 2 || bounds[0].isEmpty()) {
                return ByteRange.ALL;
            }
            long first = Long.parseLong(bounds[0]);
            Long last = bounds[1].isEmpty() ? null : Long.parseLong(bounds[1]);
            return last != null && last < first ? ByteRange.ALL : new ByteRange(first, last);
        } catch (NumberFormatException e) {
            return ByteRange.ALL;
        }
    }
}
