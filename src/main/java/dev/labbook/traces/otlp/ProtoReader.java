package dev.labbook.traces.otlp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one protobuf message's bytes: just the wire format, no schema. Every read checks
 * the bounds of the message it is in, so a truncated or lying length prefix ends in an
 * {@link OtlpFormatException} rather than an index error or a read into a sibling message.
 *
 * <p>Use: {@code while (r.next()) { if (r.at(1, LEN)) ...read...; else r.skip(); }}, every field
 * the caller does not know (or that has an unexpected wire type) going to {@link #skip()}.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    /** The nesting protobuf's own parsers allow by default; it also bounds our recursion. */
    static final int MAX_DEPTH = 100;

    private final byte[] buf;
    private final int end;
    private final int depth;
    private int pos;
    private int field;
    private int wireType;

    private ProtoReader(byte[] buf, int start, int end, int depth) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.depth = depth;
    }

    static ProtoReader of(byte[] body) {
        return new ProtoReader(body, 0, body.length, 0);
    }

    /** Reads the next tag; false at the end of this message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long tag = readVarint();
        if (tag >>> 32 != 0) {
            throw new OtlpFormatException("protobuf tag out of range");
        }
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0) {
            throw new OtlpFormatException("protobuf field number 0");
        }
        if (wireType == 3 || wireType == 4) {
            throw new OtlpFormatException("protobuf groups are not supported");
        }
        if (wireType > FIXED32) {
            throw new OtlpFormatException("invalid protobuf wire type " + wireType);
        }
        return true;
    }

    /**
     * Whether the current field is {@code number} with the wire type its schema declares. Protobuf
     * parsers treat a known number with another wire type as an unknown field (skipped), not as an
     * error, so callers test both and skip whatever does not match.
     */
    boolean at(int number, int expectedWireType) {
        return field == number && wireType == expectedWireType;
    }

    /** A second cursor from the current position, for a message that needs two passes. */
    ProtoReader copy() {
        return new ProtoReader(buf, pos, end, depth);
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw truncated();
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new OtlpFormatException("protobuf varint longer than 10 bytes");
    }

    long readFixed64() {
        require(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    int readFixed32() {
        require(4);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8
                | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    byte[] readBytes() {
        int len = readLength();
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    /**
     * Proto3 strings must be UTF-8; protobuf's parsers refuse a message with an invalid one, and
     * so do we rather than store replacement characters.
     */
    String readString() {
        int len = readLength();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        // The lenient decode above is the fast path; only a string that came out with a
        // replacement character can have been invalid, so only that one is decoded again strictly.
        if (s.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, pos, len));
            } catch (CharacterCodingException e) {
                throw new OtlpFormatException("invalid UTF-8 in protobuf string");
            }
        }
        pos += len;
        return s;
    }

    /** A reader over the embedded message in the current length-delimited field. */
    ProtoReader readMessage() {
        if (depth >= MAX_DEPTH) {
            throw new OtlpFormatException("protobuf message nested too deeply");
        }
        int len = readLength();
        ProtoReader sub = new ProtoReader(buf, pos, pos + len, depth + 1);
        pos += len;
        return sub;
    }

    /** Skips the current field's value, whatever its wire type. */
    void skip() {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LEN -> advance(readLength());
            case FIXED32 -> advance(4);
            default -> throw new IllegalStateException("wire type checked in next()");
        }
    }

    private int readLength() {
        long len = readVarint();
        if (len < 0 || len > end - pos) {
            throw truncated();
        }
        return (int) len;
    }

    private void advance(int n) {
        require(n);
        pos += n;
    }

    private void require(int n) {
        if (end - pos < n) {
            throw truncated();
        }
    }

    private static OtlpFormatException truncated() {
        return new OtlpFormatException("truncated protobuf message");
    }
}
