package dev.labbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryCollationTest {

    /** utf8mb4_nopad_bin compares the UTF-8 bytes; String.compareTo would put U+1D400 before U+FF21. */
    @Test
    void ordersAsTheUtf8BytesCompare() {
        List<String> strings = List.of("", " ", "a", "a ", "ab", "B", "b", "Z", "_", "1", "\u00E9", "\u07FF", "\u0800",
                "\uD7FF", "\uE000", "\uFF21", "\uFFFF", "\uD800\uDC00", "\uD835\uDC00", "\uDBFF\uDFFF",
                "a\uD835\uDC00", "a\uFF21", "\uD835\uDC00a", "\uD835\uDC01");
        List<String> byBytes = strings.stream().sorted((x, y) -> Arrays.compareUnsigned(
                x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8))).toList();
        assertEquals(byBytes, strings.stream().sorted(BinaryCollation.ORDER).toList());
        assertEquals(byBytes, strings.reversed().stream().sorted(BinaryCollation.ORDER).toList());
    }
}
