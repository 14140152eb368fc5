package dev.labbook.traces.otlp;

import static dev.labbook.traces.otlp.ProtoFixtures.any;
import static dev.labbook.traces.otlp.ProtoFixtures.everyType;
import static dev.labbook.traces.otlp.ProtoFixtures.kv;
import static dev.labbook.traces.otlp.ProtoFixtures.request;
import static dev.labbook.traces.otlp.ProtoFixtures.span;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Input the decoder must refuse with an OtlpFormatException, and never with anything else. */
class OtlpProtoMalformedTest {
    static byte[] validRequest() {
        ProtoWriter attrs = new ProtoWriter();
        everyType().forEach((k, v) -> attrs.message(9, kv(k, v)));
        ProtoWriter s = span(new ProtoWriter().string(5, "op").varint(6, 2).fixed64(7, 1).fixed64(8, 2).fixed32(16, 1),
                attrs, new ProtoWriter()
                        .message(11, new ProtoWriter().fixed64(1, 5).string(2, "ev").message(3, kv("a", 1L)))
                        .message(13, new ProtoWriter().bytes(1, new byte[16]).bytes(2, new byte[8]).string(3, "x"))
                        .message(15, new ProtoWriter().string(2, "m").varint(3, 2)));
        return request(new ProtoWriter().message(1, kv("service.name", "svc")), s, span());
    }

    static OtlpFormatException rejects(byte[] body) {
        return assertThrows(OtlpFormatException.class, () -> OtlpTraces.parse(body, false));
    }

    @Test
    void everyTruncationOfAValidRequestIsRejected() {
        byte[] body = validRequest();
        assertEquals(2, OtlpTraces.parse(body, false).size());
        // The request is one resource_spans field, so every non-empty proper prefix cuts a field short.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int len = 1; len < body.length; len++) {
                byte[] prefix = Arrays.copyOf(body, len);
                try {
                    OtlpTraces.parse(prefix, false);
                    fail("prefix of " + len + " bytes was accepted");
                } catch (OtlpFormatException expected) {
                    // as it should be
                }
            }
        });
    }

    @Test
    void groupsAndUndefinedWireTypesAreRejected() {
        for (int wireType : new int[] {3, 4, 6, 7}) {
            byte[] body = new ProtoWriter().tag(1, wireType).toByteArray();
            rejects(body);
            // ... also inside an embedded message, where they would otherwise be skipped as unknown.
            rejects(request(null, span(new ProtoWriter().tag(99, wireType))));
        }
        assertTrue(rejects(new ProtoWriter().tag(5, 3).tag(5, 4).toByteArray()).getMessage().contains("group"));
    }

    @Test
    void fieldNumberZeroAndOversizedTagsAreRejected() {
        rejects(new ProtoWriter().tag(0, 0).rawVarint(1).toByteArray());
        rejects(new ProtoWriter().rawVarint(1L << 35).toByteArray());
    }

    @Test
    void varintsLongerThanTenBytesAreRejected() {
        byte[] tenBytes = new ProtoWriter().rawVarint(-1).toByteArray();
        assertEquals(10, tenBytes.length);
        // A ten-byte varint (a negative int64) is fine.
        byte[] ok = request(null, span(new ProtoWriter().message(9, new ProtoWriter().string(1, "n")
                .message(2, new ProtoWriter().tag(3, 0).raw(tenBytes)))));
        assertEquals(-1L, OtlpTraces.parse(ok, false).get(0).attributes().get("n"));
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0x80);
        eleven[10] = 0;
        rejects(new ProtoWriter().tag(99, 0).raw(eleven).toByteArray());
        byte[] unterminated = new byte[4];
        Arrays.fill(unterminated, (byte) 0xff);
        rejects(new ProtoWriter().tag(99, 0).raw(unterminated).toByteArray());
    }

    @Test
    void lengthsBeyondTheMessageAreRejected() {
        rejects(new ProtoWriter().tag(1, 2).rawVarint(5).raw(new byte[4]).toByteArray());
        rejects(new ProtoWriter().tag(1, 2).rawVarint(Integer.MAX_VALUE + 1L).toByteArray());
        rejects(new ProtoWriter().tag(1, 2).rawVarint(-1).toByteArray());
        // A length that fits the request but not the embedded message it sits in.
        byte[] inner = new ProtoWriter().tag(5, 2).rawVarint(10).raw("abc".getBytes()).toByteArray();
        byte[] body = request(null, new ProtoWriter().raw(inner).bytes(1, new byte[16]).bytes(2, new byte[8]));
        rejects(body);
        rejects(new ProtoWriter().tag(99, 1).raw(new byte[7]).toByteArray());
        rejects(new ProtoWriter().tag(99, 5).raw(new byte[3]).toByteArray());
    }

    @Test
    void invalidUtf8InAStringIsRejected() {
        byte[] bad = {'a', (byte) 0xc3};
        assertTrue(rejects(request(null, span(new ProtoWriter().bytes(5, bad)))).getMessage().contains("UTF-8"));
        rejects(request(null, span(new ProtoWriter().message(9, new ProtoWriter().bytes(1, new byte[] {(byte) 0xff})))));
        // A real U+FFFD is fine, and bytes_value is not a string.
        assertEquals("\uFFFD", OtlpTraces.parse(request(null, span(new ProtoWriter().string(5, "\uFFFD"))), false).get(0).name());
        Object raw = OtlpTraces.parse(request(null, span(new ProtoWriter().message(9, kv("b", new byte[] {(byte) 0xff})))),
                false).get(0).attributes().get("b");
        assertArrayEquals(new byte[] {(byte) 0xff}, (byte[]) raw);
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        ProtoWriter value = any("leaf");
        for (int i = 0; i < 5000; i++) {
            value = new ProtoWriter().message(5, new ProtoWriter().message(1, value));
        }
        ProtoWriter deep = value;
        assertTrue(rejects(request(null, span(new ProtoWriter().message(9, new ProtoWriter().string(1, "d").message(2, deep)))))
                .getMessage().contains("deep"));
        // Forty levels of arrays is well inside the limit.
        ProtoWriter ok = any("leaf");
        for (int i = 0; i < 40; i++) {
            ok = new ProtoWriter().message(5, new ProtoWriter().message(1, ok));
        }
        OtlpTraces.parse(request(null, span(new ProtoWriter().message(9, new ProtoWriter().string(1, "d").message(2, ok)))), false);
    }

    @Test
    void randomCorruptionEndsInAFormatErrorOrAResult() {
        byte[] valid = validRequest();
        Random random = new Random(20240611L);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < 20_000; round++) {
                byte[] body = valid.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
                try {
                    OtlpTraces.parse(body, false);
                } catch (OtlpFormatException expected) {
                    // fine: refused cleanly
                }
            }
        });
    }
}
