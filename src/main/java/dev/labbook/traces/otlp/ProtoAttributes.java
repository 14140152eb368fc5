package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.ProtoReader.FIXED64;
import static dev.labbook.traces.otlp.ProtoReader.LEN;
import static dev.labbook.traces.otlp.ProtoReader.VARINT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary KeyValue and AnyValue messages, decoded into the plain-Java value model.
 *
 * <p>A message field that occurs twice is merged by protobuf, which is the same as reading the
 * second occurrence's fields into the first. For AnyValue that means: a member that is set again
 * replaces the value, except that a second array_value (kvlist_value) appends to the first; an
 * occurrence that sets nothing keeps what the first set. {@code previous} carries that state.
 */
final class ProtoAttributes {
    private ProtoAttributes() {}

    /** Adds one KeyValue message to {@code into}; a repeated key replaces the earlier value. */
    static void putKeyValue(ProtoReader kv, Map<String, Object> into) {
        String key = "";
        Object value = null;
        while (kv.next()) {
            if (kv.at(1, LEN)) {
                key = kv.readString();
            } else if (kv.at(2, LEN)) {
                value = anyValue(kv.readMessage(), value);
            } else {
                kv.skip();
            }
        }
        into.put(key, value);
    }

    /** Decodes an AnyValue read after {@code previous} (null the first time); unset is null. */
    static Object anyValue(ProtoReader r, Object previous) {
        Object value = previous;
        while (r.next()) {
            if (r.at(1, LEN)) {
                value = r.readString();
            } else if (r.at(2, VARINT)) {
                value = r.readVarint() != 0;
            } else if (r.at(3, VARINT)) {
                value = r.readVarint();
            } else if (r.at(4, FIXED64)) {
                value = Double.longBitsToDouble(r.readFixed64());
            } else if (r.at(5, LEN)) {
                value = values(r.readMessage(), value instanceof List<?> l ? l : null);
            } else if (r.at(6, LEN)) {
                value = keyValues(r.readMessage(), value instanceof Map<?, ?> m ? m : null);
            } else if (r.at(7, LEN)) {
                value = r.readBytes();
            } else {
                r.skip();
            }
        }
        return value;
    }

    /** ArrayValue; the list is one this class made, so appending to it is safe. */
    @SuppressWarnings("unchecked")
    private static List<Object> values(ProtoReader r, List<?> previous) {
        List<Object> out = previous == null ? new ArrayList<>() : (List<Object>) previous;
        while (r.next()) {
            if (r.at(1, LEN)) {
                out.add(anyValue(r.readMessage(), null));
            } else {
                r.skip();
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keyValues(ProtoReader r, Map<?, ?> previous) {
        Map<String, Object> out = previous == null ? new LinkedHashMap<>() : (Map<String, Object>) previous;
        while (r.next()) {
            if (r.at(1, LEN)) {
                putKeyValue(r.readMessage(), out);
            } else {
                r.skip();
            }
        }
        return out;
    }
}
