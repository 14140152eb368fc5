package dev.labbook.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic pseudo-random bytes [from, from + length) computed from their position, so tests
 * can stream many megabytes, and slices of them, without holding them in memory. It can be told
 * to throw after a number of bytes, to stand for a client whose upload breaks off.
 */
final class GeneratedStream extends InputStream {
    static final class Broken extends IOException {
        Broken() {
            super("client stream broke off");
        }
    }

    private final long end;
    private final long failAt;
    private long position;

    private GeneratedStream(long from, long length, long failAfter) {
        this.position = from;
        this.end = from + length;
        this.failAt = failAfter < 0 ? Long.MAX_VALUE : from + failAfter;
    }

    static GeneratedStream of(long length) {
        return new GeneratedStream(0, length, -1);
    }

    static GeneratedStream slice(long from, long length) {
        return new GeneratedStream(from, length, -1);
    }

    /** Delivers failAfter bytes of a longer stream, then throws {@link Broken}. */
    static GeneratedStream failingAfter(long length, long failAfter) {
        return new GeneratedStream(0, length, failAfter);
    }

    static byte byteAt(long position) {
        long x = position * 0x9E3779B97F4A7C15L;
        x ^= x >>> 29;
        return (byte) (x ^ (x >>> 17));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (position >= failAt) {
            throw new Broken();
        }
        if (position >= end) {
            return -1;
        }
        int n = (int) Math.min(length, Math.min(end, failAt) - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = byteAt(position++);
        }
        return n;
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
