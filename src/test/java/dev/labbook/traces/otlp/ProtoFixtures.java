package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.Values.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binary OTLP fixtures for the decoder tests, built with {@link ProtoWriter}. */
final class ProtoFixtures {
    static final byte[] TRACE = hex("0102030405060708090a0b0c0d0e0f10");
    static final byte[] SPAN = hex("1112131415161718");
    static final byte[] PARENT = hex("2122232425262728");

    private ProtoFixtures() {}

    /** Encodes a decoded value as an AnyValue, the inverse of what the decoder does. */
    static ProtoWriter any(Object v) {
        ProtoWriter w = new ProtoWriter();
        switch (v) {
            case null -> { }
            case String s -> w.string(1, s);
            case Boolean b -> w.varint(2, b ? 1 : 0);
            case Long n -> w.varint(3, n);
            case Double d -> w.fixed64(4, Double.doubleToRawLongBits(d));
            case List<?> l -> {
                ProtoWriter array = new ProtoWriter();
                l.forEach(item -> array.message(1, any(item)));
                w.message(5, array);
            }
            case Map<?, ?> m -> {
                ProtoWriter kvlist = new ProtoWriter();
                m.forEach((k, item) -> kvlist.message(1, kv((String) k, item)));
                w.message(6, kvlist);
            }
            case byte[] b -> w.bytes(7, b);
            default -> throw new IllegalArgumentException(v.toString());
        }
        return w;
    }

    static ProtoWriter kv(String key, Object value) {
        return new ProtoWriter().string(1, key).message(2, any(value));
    }

    static ProtoWriter span(ProtoWriter... extra) {
        ProtoWriter s = new ProtoWriter().bytes(1, TRACE).bytes(2, SPAN);
        for (ProtoWriter e : extra) {
            s.raw(e.toByteArray());
        }
        return s;
    }

    /** A request holding the given spans in one resource_spans / scope_spans. */
    static byte[] request(ProtoWriter resource, ProtoWriter... spans) {
        ProtoWriter scope = new ProtoWriter();
        for (ProtoWriter s : spans) {
            scope.message(2, s);
        }
        ProtoWriter rs = new ProtoWriter();
        if (resource != null) {
            rs.message(1, resource);
        }
        rs.message(2, scope);
        return new ProtoWriter().message(1, rs).toByteArray();
    }

    static OtlpSpan only(byte[] body) {
        List<OtlpSpan> spans = OtlpTraces.parse(body, false);
        assertEquals(1, spans.size());
        return spans.get(0);
    }

    static Map<String, Object> everyType() {
        Map<String, Object> kvlist = new LinkedHashMap<>();
        kvlist.put("inner", List.of(1L, List.of("deep", new LinkedHashMap<>(Map.of("x", false)))));
        kvlist.put("nothing", null);
        List<Object> array = new ArrayList<>(Arrays.asList("s", -1L, 2.5, true, null, new byte[] {1, 2}));
        array.add(List.of());
        array.add(Map.of());
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("str", "héllo 😀");
        attrs.put("empty", "");
        attrs.put("yes", true);
        attrs.put("no", false);
        attrs.put("neg", -42L);
        attrs.put("min", Long.MIN_VALUE);
        attrs.put("max", Long.MAX_VALUE);
        attrs.put("dbl", 0.1);
        attrs.put("nan", Double.NaN);
        attrs.put("negzero", -0.0);
        attrs.put("bytes", new byte[] {0, (byte) 0xff});
        attrs.put("array", array);
        attrs.put("kvlist", kvlist);
        attrs.put("unset", null);
        return attrs;
    }
}
