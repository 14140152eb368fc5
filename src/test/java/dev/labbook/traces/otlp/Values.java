package dev.labbook.traces.otlp;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: decoded values with byte[] swapped for a comparable record, and id literals. */
final class Values {
    record Bytes(String hex) {}

    private Values() {}

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return bytes == null ? null : HexFormat.of().formatHex(bytes);
    }

    /** A deep copy that equals() can compare: byte[] becomes Bytes, maps keep their order. */
    static Object comparable(Object value) {
        return switch (value) {
            case byte[] b -> new Bytes(hex(b));
            case List<?> l -> l.stream().map(Values::comparable).toList();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k, comparable(v)));
                yield out;
            }
            case null -> null;
            default -> value;
        };
    }

    /** Keys in order, for checking that insertion order survived. */
    static List<String> keys(Map<String, ?> map) {
        return List.copyOf(map.keySet());
    }
}
