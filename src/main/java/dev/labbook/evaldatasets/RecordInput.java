package dev.labbook.evaldatasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.http.MlflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One record of an upsert, as MLflow's store reads the dicts the client sends: inputs (an object,
 * {} when absent), outputs (any JSON; {@code hasOutputs} tells an absent field from a null one),
 * expectations and tags (objects or null) and an optional source. Types MLflow's store would fail
 * on with a server error are refused here with INVALID_PARAMETER_VALUE.
 */
record RecordInput(ObjectNode inputs, boolean hasOutputs, JsonNode outputs, ObjectNode expectations,
                   ObjectNode tags, RecordSource source, String inputHash) {
    static final String MLFLOW_USER = "mlflow.user";

    /** The records field of UpsertDatasetRecords: a JSON array of record objects. */
    static List<RecordInput> parseAll(String recordsJson) {
        JsonNode array = PyJson.parse(recordsJson, "records");
        if (!array.isArray()) {
            throw MlflowException.invalidParameter("Invalid value for parameter 'records': expected a JSON array of "
                    + "records, got " + array.getNodeType().name().toLowerCase());
        }
        List<RecordInput> records = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            records.add(parse(array.get(i), "records[" + i + "]"));
        }
        return records;
    }

    static RecordInput parse(JsonNode node, String path) {
        if (!node.isObject()) {
            throw MlflowException.invalidParameter("Invalid value for '" + path + "': each record must be an object");
        }
        JsonNode inputs = node.get("inputs");
        if (inputs != null && !inputs.isObject()) {
            throw MlflowException.invalidParameter("Invalid value for '" + path + ".inputs': expected an object");
        }
        ObjectNode in = inputs == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) inputs;
        return new RecordInput(in, node.has("outputs"), node.get("outputs"),
                object(node.get("expectations"), path + ".expectations"), object(node.get("tags"), path + ".tags"),
                RecordSource.parse(node.get("source"), path + ".source"), hash(in));
    }

    private static ObjectNode object(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw MlflowException.invalidParameter("Invalid value for '" + path + "': expected an object");
        }
        return (ObjectNode) node;
    }

    /** sha256 of json.dumps(inputs, sort_keys=True), MLflow's dedup key. */
    static String hash(ObjectNode inputs) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(PyJson.dumpsSorted(inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mlflow.user tag, which MLflow takes as the record's (and the dataset's) author. */
    String user() {
        if (tags == null || !tags.has(MLFLOW_USER)) {
            return null;
        }
        JsonNode user = tags.get(MLFLOW_USER);
        return user.isTextual() ? user.textValue() : user.isNull() ? null : PyJson.dumps(user);
    }

    /** The outputs a new record stores: MLflow defaults absent outputs to {} and keeps null as none. */
    JsonNode insertedOutputs() {
        if (!hasOutputs) {
            return JsonNodeFactory.instance.objectNode();
        }
        return outputs == null || outputs.isNull() ? null : outputs;
    }
}
