package dev.labbook.traces.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test-only protobuf encoder: just enough wire format to build fixtures field by field (also the spec tests'). */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(int field, long value) {
        tag(field, 0);
        rawVarint(value);
        return this;
    }

    public ProtoWriter fixed64(int field, long value) {
        tag(field, 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ProtoWriter fixed32(int field, int value) {
        tag(field, 5);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, 2);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    ProtoWriter tag(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
        return this;
    }

    ProtoWriter rawVarint(long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    ProtoWriter raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** One field of every wire type, at numbers no OTLP message uses, for skip tests. */
    ProtoWriter unknownFields() {
        return varint(1000, -1).fixed64(1001, 0x0102030405060708L).bytes(1002, new byte[] {9, 9, 9})
                .fixed32(1003, 0xdeadbeef).bytes(1004, new byte[0]).varint(536_870_911, 300);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
