package dev.labbook.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/** The one Jackson configuration for MLflow's wire format. */
public final class Json {
    private Json() {}

    public static ObjectMapper newMapper() {
        SimpleModule doubles = new SimpleModule("mlflow-doubles");
        doubles.addSerializer(Double.class, new ProtoDoubleSerializer());
        doubles.addSerializer(double.class, new ProtoDoubleSerializer());
        return new ObjectMapper()
                .registerModule(doubles)
                .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Proto3 JSON: finite doubles as numbers, NaN and infinities as the strings the client parses. */
    public static void writeDouble(JsonGenerator gen, double value) throws IOException {
        if (Double.isNaN(value)) {
            gen.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            gen.writeString(value > 0 ? "Infinity" : "-Infinity");
        } else {
            gen.writeNumber(value);
        }
    }

    /** Doubles in maps and beans, written by the same rule as {@link JsonWritable}s write theirs. */
    static final class ProtoDoubleSerializer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writeDouble(gen, value);
        }
    }
}
