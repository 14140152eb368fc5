package dev.labbook.evaldatasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.traces.otlp.PythonJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The texts MLflow's dataset store derives with Python, checked against what CPython 3.11 prints:
 * the input hash (sha256 of json.dumps(inputs, sort_keys=True)), str() of tag values, the digest.
 */
class PythonTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"q": "é", "n": 1.0, "a": [1, {"z": null, "b": true}]} | {"a": [1, {"b": true, "z": null}], "n": 1.0, "q": "\\u00e9"} | 109b2b66c0b56ca6ca2f6991d6e329b283f47853e53bae795bcf1e20180c8b4a
            {"big": 12345678901234567890, "e": 1e-7, "f": 1e16, "g": 0.1, "u": "\\ud83d\\ude00", "ctl": "\\u0001\\n\\"\\\\", "b": "", "a": 2} | {"a": 2, "b": "", "big": 12345678901234567890, "ctl": "\\u0001\\n\\"\\\\", "e": 1e-07, "f": 1e+16, "g": 0.1, "u": "\\ud83d\\ude00"} | 24fa2f8bfeb9051330f6800d700c9bca1677b4eba8904a996024f650a7811dc8
            {"𝄞": 1, "ﬀ": 2, "Z": 3, "a": 4} | {"Z": 3, "a": 4, "\\ufb00": 2, "\\ud834\\udd1e": 1} | 498e45b112d6fc56f66ea7a4583437364053b772069edef6732b3f8c919311f8
            """)
    void inputHashIsSha256OfPythonsSortedJson(String inputs, String sortedJson, String hash) {
        ObjectNode node = (ObjectNode) PythonJson.parse(inputs);
        assertEquals(sortedJson, PyJson.dumpsSorted(node));
        assertEquals(hash, RecordInput.hash(node));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            5 | 5
            true | True
            0.1 | 0.1
            1e16 | 1e+16
            NaN | nan
            "it's" | it's
            {"a": [1, "x'"], "b": null} | {'a': [1, "x'"], 'b': None}
            ["both ' and \\"", 1.5, false] | ['both \\' and "', 1.5, False]
            """)
    void tagValuesAreStoredAsPythonsStr(String json, String str) {
        assertEquals(str, PyText.str(PythonJson.parse(json)));
    }

    @Test
    void digestIsTheStartOfSha256OfNameAndUpdateTime() {
        assertEquals("816e3a84", EvalDataset.digest("my-ds", 1_700_000_000_000L));
    }

    @Test
    void outputsKeepMlflowsEnvelope() {
        String stored = EvalRecord.wrapOutputs(PythonJson.parse("{\"answer\": \"é\"}"));
        assertEquals("{\"mlflow_wrapped\": {\"answer\": \"\\u00e9\"}}", stored);
        EvalRecord record = new EvalRecord("dr-1", "d-1", "{}", stored, null, null, null, null, null, 1, 2, null, null,
                "h");
        assertEquals("{\"answer\": \"\\u00e9\"}", record.outputsJson());
        EvalRecord fromMlflow = new EvalRecord("dr-1", "d-1", "{}", "{\"mlflow_wrapped\":[1,2]}", "null", "null",
                "null", null, null, 1, 2, null, null, "h");
        StringBuilder dict = new StringBuilder();
        fromMlflow.appendDict(dict);
        assertEquals("{\"dataset_record_id\": \"dr-1\", \"dataset_id\": \"d-1\", \"inputs\": {}, \"tags\": {}, "
                + "\"created_time\": 1, \"last_update_time\": 2, \"outputs\": [1, 2]}", dict.toString(),
                "rows MLflow wrote (its own spacing, JSON null for None) read back alike");
    }
}
