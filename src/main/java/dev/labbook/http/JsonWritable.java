package dev.labbook.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;

/**
 * A message that writes its own JSON, field by field, with no map built in between. Jackson calls
 * the same writer wherever the message sits: a whole response, a value in a {@link JsonObject} or
 * a list, or {@code valueToTree} for GraphQL.
 */
@FunctionalInterface
public interface JsonWritable extends JsonSerializable {
    void writeJson(JsonGenerator json) throws IOException;

    @Override
    default void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        writeJson(gen);
    }

    @Override
    default void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        writeJson(gen);
    }
}
