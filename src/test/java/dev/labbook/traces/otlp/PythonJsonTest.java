package dev.labbook.traces.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected strings are CPython 3.11 output, pasted in: {@code json.dumps(v, ensure_ascii=False)}. */
class PythonJsonTest {
    static Arguments row(double value, String pythonRepr) {
        return Arguments.of(value, pythonRepr);
    }

    /** Each expected string is {@code repr(v)} in CPython, for the same double. */
    static Stream<Arguments> floats() {
        return Stream.of(
            row(0.0, "0.0"),
            row(-0.0, "-0.0"),
            row(1.0, "1.0"),
            row(-1.0, "-1.0"),
            row(0.1, "0.1"),
            row(0.5, "0.5"),
            row(0.1 + 0.2, "0.30000000000000004"),
            row(1.0 / 3, "0.3333333333333333"),
            row(2.0 / 3, "0.6666666666666666"),
            row(100.0, "100.0"),
            row(1e-4, "0.0001"),
            row(1e-5, "1e-05"),
            row(0.00012345, "0.00012345"),
            row(0.000012345, "1.2345e-05"),
            row(9.999999999999999e-5, "9.999999999999999e-05"),
            row(1e15, "1000000000000000.0"),
            row(1e16, "1e+16"),
            row(1e17, "1e+17"),
            row(1.5e16, "1.5e+16"),
            row(123456789012345.0, "123456789012345.0"),
            row(1234567890123456.0, "1234567890123456.0"),
            row(12345678901234567.0, "1.2345678901234568e+16"),
            row(9999999999999998.0, "9999999999999998.0"),
            row(1e22, "1e+22"),
            row(1e23, "1e+23"),
            row(1e21, "1e+21"),
            row(1e100, "1e+100"),
            row(1.7976931348623157e308, "1.7976931348623157e+308"),
            row(-1.7976931348623157e308, "-1.7976931348623157e+308"),
            row(Double.MIN_VALUE, "5e-324"),
            row(2 * Double.MIN_VALUE, "1e-323"),
            row(3 * Double.MIN_VALUE, "1.5e-323"),
            row(0x1.0p-1022, "2.2250738585072014e-308"),
            row(0x0.fffffffffffffp-1022, "2.225073858507201e-308"),
            row(0x1.0p-1070, "8e-323"),
            row(123 * Double.MIN_VALUE, "6.1e-322"),
            row(9007199254740992.0, "9007199254740992.0"),
            row(9007199254740993.0, "9007199254740992.0"),
            row(9007199254740991.0, "9007199254740991.0"),
            row(9007199254740994.0, "9007199254740994.0"),
            row(9.223372036854776e18, "9.223372036854776e+18"),
            row(-9.223372036854775e18, "-9.223372036854775e+18"),
            row(1.8446744073709552e19, "1.8446744073709552e+19"),
            row(5e-5, "5e-05"),
            row(2.5e-5, "2.5e-05"),
            row(0.001, "0.001"),
            row(123.456, "123.456"),
            row(-273.15, "-273.15"),
            row(3.141592653589793, "3.141592653589793"),
            row(2.718281828459045, "2.718281828459045"),
            row(1.1, "1.1"),
            row(2.675, "2.675"),
            row(4.35, "4.35"),
            row(0.3, "0.3"),
            row(1e-7, "1e-07"),
            row(1.5e-7, "1.5e-07"),
            row(5e-324 * 1e300, "4.940656458412466e-24"),
            row(2e22, "2e+22"),
            row(9e15, "9000000000000000.0"),
            row(9.5e15, "9500000000000000.0"),
            row(1e-310, "1e-310"),
            row(4.9406564584124654e-324, "5e-324"),
            row(0x1.fffffffffffffp-1, "0.9999999999999999"),
            row(1 + Math.ulp(1.0), "1.0000000000000002"),
            row(1 - Math.ulp(1.0) / 2, "0.9999999999999999")
        );
    }

    @ParameterizedTest
    @MethodSource("floats")
    void floatsAreWrittenAsPythonsRepr(double value, String pythonRepr) {
        assertEquals(pythonRepr, PythonJson.dumps(value));
        assertEquals(pythonRepr, PythonJson.dumps(JsonNodeFactory.instance.numberNode(value)));
        assertEquals(value, Double.parseDouble(pythonRepr), "the repr reads back as the same double");
    }

    @Test
    void nonFiniteFloatsAreJavaScriptNames() {
        assertEquals("NaN", PythonJson.dumps(Double.NaN));
        assertEquals("Infinity", PythonJson.dumps(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", PythonJson.dumps(Double.NEGATIVE_INFINITY));
    }

    @Test
    void stringsEscapeControlsOnly() {
        StringBuilder s = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            s.append(c);
        }
        s.append("\u007f \" \\ / é 中 😀 \u2028 \u0085");
        // json.dumps("".join(chr(i) for i in range(32)) + "\x7f \" \\ / é 中 😀 \u2028 \x85", ensure_ascii=False)
        String python = "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
                + "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\u007f \\\" \\\\ / é 中 😀 \u2028 \u0085\"";
        assertEquals(python, PythonJson.dumps(s.toString()));
        assertEquals("\"\"", PythonJson.dumps(""));
    }

    @Test
    void containersUsePythonsSeparatorsAndKeepKeyOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", Arrays.asList(1L, 2.5, null, true, inner));
        m.put("ü", Map.of());
        m.put("", "x");
        m.put("n", new BigInteger("-12345678901234567890"));
        m.put("f", 1e16);
        m.put("nan", Double.NaN);
        m.put("inf", List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertEquals("{\"a\": [1, 2.5, null, true, {\"b\": []}], \"ü\": {}, \"\": \"x\", \"n\": -12345678901234567890,"
                + " \"f\": 1e+16, \"nan\": NaN, \"inf\": [Infinity, -Infinity]}", PythonJson.dumps(m));
    }

    @Test
    void scalarsAndBytes() {
        assertEquals("null", PythonJson.dumps((Object) null));
        assertEquals("true", PythonJson.dumps(true));
        assertEquals("false", PythonJson.dumps(false));
        assertEquals("-9223372036854775808", PythonJson.dumps(Long.MIN_VALUE));
        assertEquals("42", PythonJson.dumps(42));
        // Not Python's own rendering (bytes are not JSON there): the base64 text, as a string.
        assertEquals("\"AAH+/w==\"", PythonJson.dumps(new byte[] {0, 1, (byte) 0xfe, (byte) 0xff}));
        assertEquals("[\"\"]", PythonJson.dumps(List.of(new byte[0])));
    }

    @Test
    void nonStringKeysAreCoercedAsJsonDumpsDoes() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(true, 1L);
        m.put(null, 2L);
        m.put(3L, 4L);
        m.put(1.5, 5L);
        assertEquals("{\"true\": 1, \"null\": 2, \"3\": 4, \"1.5\": 5}", PythonJson.dumps(m));
        assertThrows(IllegalArgumentException.class, () -> PythonJson.dumps(Map.of(List.of(), 1)));
    }

    @Test
    void otherTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PythonJson.dumps(new Object()));
        assertThrows(IllegalArgumentException.class, () -> PythonJson.dumps(List.of(new StringBuilder())));
    }

    @Test
    void treesReadWithParseRenderAsPythonWould() {
        // json.dumps(json.loads(text)) in CPython gives exactly the expected string.
        String text = "[1.0, 1e400, -0.0, 12345678901234567890123, 0.1, 1E5, NaN, -Infinity, {\"k\": 1.50}]";
        assertEquals("[1.0, Infinity, -0.0, 12345678901234567890123, 0.1, 100000.0, NaN, -Infinity, {\"k\": 1.5}]",
                PythonJson.dumps(PythonJson.parse(text)));
        assertEquals("{\"b\": 1, \"a\": [\"x\", false, null]}", PythonJson.dumps(PythonJson.parse("{\"b\":1,\"a\":[\"x\",false,null]}")));
        assertEquals("{\"k\": 2}", PythonJson.dumps(PythonJson.parse("{\"k\": 1, \"k\": 2}")), "last duplicate wins");
        assertTrue(PythonJson.parse("0.5").isDouble(), "floats are doubles, not BigDecimal");
    }

    @Test
    void treeNodesOfEveryKind() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("d", new BigDecimal("0.10000000000000000555"));
        o.put("f", 0.5f);
        o.put("i", 7);
        o.put("big", new BigInteger("18446744073709551616"));
        o.put("bin", new byte[] {1});
        o.putNull("n");
        o.putPOJO("pojo", List.of(1L, "x"));
        assertEquals("{\"d\": 0.1, \"f\": 0.5, \"i\": 7, \"big\": 18446744073709551616, \"bin\": \"AQ==\", \"n\": null,"
                + " \"pojo\": [1, \"x\"]}", PythonJson.dumps((JsonNode) o));
        assertEquals(PythonJson.dumps((JsonNode) o), PythonJson.dumps((Object) o));
    }

    @Test
    void parseRefusesWhatJsonLoadsRefuses() {
        for (String bad : new String[] {"", "   ", "{", "[1,]", "{\"a\":1} x", "01", "'s'", "\"\u0001\""}) {
            assertThrows(IllegalArgumentException.class, () -> PythonJson.parse(bad), bad);
        }
        List<String> fine = new ArrayList<>(List.of("1", "\"s\"", "null", "Infinity", "[NaN]"));
        for (String ok : fine) {
            PythonJson.parse(ok);
        }
    }
}
