package dev.labbook.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labbook.http.ApiRequest;
import dev.labbook.http.ErrorCode;
import dev.labbook.http.MlflowException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The query-string bool rule of protocol §1.2 ("true"/"false" in any case; the Python client sends
 * "True"/"False"). No GET route served today has a bool field, so this checks the request reader
 * that every GET route goes through.
 */
class QueryStringBoolTest {

    @ParameterizedTest
    @CsvSource({"True,true", "true,true", "TRUE,true", "False,false", "false,false", "fAlSe,false"})
    void boolsAreReadCaseInsensitively(String text, boolean expected) {
        ApiRequest request = ApiRequest.fromQuery(Map.of("flag", List.of(text)));
        assertEquals(expected, request.optionalBoolean("flag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "0", "", "tru"})
    void anythingElseIsInvalidParameterValue(String text) {
        ApiRequest request = ApiRequest.fromQuery(Map.of("flag", List.of(text)));
        MlflowException e = assertThrows(MlflowException.class, () -> request.optionalBoolean("flag"));
        assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"allow_deleted", "allowDeleted"})
    void snakeCaseFieldsAlsoMatchTheirCamelCaseSpelling(String sent) {
        ApiRequest request = ApiRequest.fromQuery(Map.of(sent, List.of("True")));
        assertEquals(true, request.optionalBoolean("allow_deleted"));
    }
}
