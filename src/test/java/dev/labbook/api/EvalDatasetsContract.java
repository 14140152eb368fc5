package dev.labbook.api;

import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.EvalDatasets.V3;
import static dev.labbook.api.Tracking.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation datasets (MLflow 3 GenAI): create, get, delete, search, tags and experiment links. */
public interface EvalDatasetsContract extends ServerContract {

    private EvalDatasets datasets() {
        return new EvalDatasets(api());
    }

    static String digest(String name, long lastUpdateTime) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256")
                .digest((name + ":" + lastUpdateTime).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash).substring(0, 8);
    }

    @Test
    default void createdDatasetReadsBackWithTagsAuthorAndDigest() throws Exception {
        String exp = tracking().newExperiment();
        String name = unique("qa");
        JsonNode created = datasets().create(name, List.of(exp),
                "{\"mlflow.user\": \"ada\", \"team\": \"search\", \"n\": 5, \"on\": true, \"none\": null}");
        String id = created.path("dataset_id").asText();
        assertTrue(id.matches("d-[0-9a-f]{32}"), id);
        assertEquals(name, created.path("name").asText());
        assertEquals(EvalDatasets.parse("{\"mlflow.user\": \"ada\", \"n\": \"5\", \"none\": null, \"on\": \"1\", "
                + "\"team\": \"search\"}"), EvalDatasets.parse(created.path("tags").asText()));
        assertEquals("ada", created.path("created_by").asText());
        assertEquals("ada", created.path("last_updated_by").asText());
        assertEquals(created.path("created_time"), created.path("last_update_time"));
        assertEquals(digest(name, created.path("created_time").asLong()), created.path("digest").asText());
        assertEquals(List.of(exp), Tracking.list(created.path("experiment_ids")).stream().map(JsonNode::asText).toList());
        assertTrue(created.path("schema").isMissingNode() && created.path("profile").isMissingNode(), created::toString);

        JsonNode read = datasets().get(id);
        JsonNode expected = created.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("experiment_ids");
        assertEquals(expected, read, "get answers the dataset without its experiment ids, as MLflow does");
        assertEquals(List.of(exp), Tracking.list(api().get(V3 + "/" + id + "/experiment-ids").ok()
                .path("experiment_ids")).stream().map(JsonNode::asText).toList());
        // The UI calls the same endpoints under /ajax-api.
        assertEquals(read, api().get("/ajax-api/3.0/mlflow/datasets/" + id).ok().path("dataset"));

        api().send("DELETE", V3 + "/" + id, null, null).ok();
        api().get(V3 + "/" + id).error(404, "RESOURCE_DOES_NOT_EXIST");
        api().send("DELETE", V3 + "/" + id, null, null).ok(); // deleting again is no error, as in MLflow
        assertEquals("[]", api().get(V3 + "/" + id + "/records").ok().path("records").asText());
        assertTrue(api().get(V3 + "/" + id + "/experiment-ids").ok().path("experiment_ids").isMissingNode());
    }

    @Test
    default void createRefusesWhatMlflowCannotStore() {
        String create = V3 + "/create";
        api().post(create, obj("experiment_ids", List.of("0"))).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("name", "")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("name", "x", "tags", "not json")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("name", "x", "tags", "[1, 2]")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("name", "x", "tags", "{\"d\": {\"a\": 1}}")).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("name", "x".repeat(256))).error(400, "INVALID_PARAMETER_VALUE");
        api().post(create, obj("name", "x", "experiment_ids", List.of("abc"))).error(400, "INVALID_PARAMETER_VALUE");
        // As in MLflow, an experiment that does not exist is not looked up on create.
        assertEquals("987654321", datasets().create(unique("orphan"), List.of("987654321"), null)
                .path("experiment_ids").get(0).asText());
    }

    @Test
    default void tagsAreSetAsPythonStrAndDeletedWithoutTouchingTheDataset() {
        String id = datasets().create(unique("tags"), List.of(tracking().newExperiment()), "{\"keep\": \"me\"}")
                .path("dataset_id").asText();
        JsonNode before = datasets().get(id);
        datasets().setTags(id, "{\"k\": \"v\", \"n\": 5, \"b\": true, \"f\": 0.1, \"d\": {\"a\": [1, \"x\"]}, "
                + "\"skipped\": null}").ok();
        JsonNode after = datasets().get(id);
        assertEquals(EvalDatasets.parse("{\"b\": \"True\", \"d\": \"{'a': [1, 'x']}\", \"f\": \"0.1\", \"k\": \"v\", "
                + "\"keep\": \"me\", \"n\": \"5\"}"), EvalDatasets.parse(after.path("tags").asText()));
        assertEquals(before.path("last_update_time"), after.path("last_update_time"), "tags leave the update time");
        assertEquals(before.path("digest"), after.path("digest"));
        datasets().setTags(id, "{\"k\": \"v2\"}").ok();
        api().send("DELETE", V3 + "/" + id + "/tags/keep", null, null).ok();
        api().send("DELETE", V3 + "/" + id + "/tags/never-set", null, null).ok();
        JsonNode tags = EvalDatasets.parse(datasets().get(id).path("tags").asText());
        assertEquals("v2", tags.path("k").asText());
        assertFalse(tags.has("keep"));

        datasets().setTags(id, "[1]").error(400, "INVALID_PARAMETER_VALUE");
        datasets().setTags(id, "{\"v\": \"" + "x".repeat(5001) + "\"}").error(400, "INVALID_PARAMETER_VALUE");
        api().send("PATCH", V3 + "/" + id + "/tags", "{}", "application/json").error(400, "INVALID_PARAMETER_VALUE");
        datasets().setTags("d-ffffffffffffffffffffffffffffffff", "{\"k\": \"v\"}").error(404, "RESOURCE_DOES_NOT_EXIST");
        api().send("DELETE", V3 + "/d-ffffffffffffffffffffffffffffffff/tags/k", null, null).ok();
    }

    @Test
    default void experimentLinksAreAddedRemovedAndScopeTheSearch() {
        String first = tracking().newExperiment();
        String second = tracking().newExperiment();
        String id = datasets().create(unique("linked"), List.of(first), null).path("dataset_id").asText();
        long created = datasets().get(id).path("last_update_time").asLong();

        api().post(V3 + "/" + id + "/add-experiments", obj("experiment_ids", List.of("987654321")))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(V3 + "/" + id + "/add-experiments", obj("experiment_ids", List.of("abc")))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        JsonNode added = api().post(V3 + "/" + id + "/add-experiments", obj("experiment_ids", List.of(second, first)))
                .ok().path("dataset");
        assertTrue(added.path("last_update_time").asLong() >= created);
        assertTrue(added.path("experiment_ids").isMissingNode(), added::toString);
        assertEquals(List.of(first, second), experimentIds(id));
        assertEquals(List.of(id), ids(datasets().search("experiment_ids", List.of(second)).ok()));

        api().post(V3 + "/" + id + "/remove-experiments", obj("experiment_ids", List.of(first, "55", "abc"))).ok();
        assertEquals(List.of(second), experimentIds(id));
        assertEquals(List.of(), ids(datasets().search("experiment_ids", List.of(first)).ok()));
        api().post(V3 + "/d-ffffffffffffffffffffffffffffffff/add-experiments", obj("experiment_ids", List.of(first)))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
        api().post(V3 + "/d-ffffffffffffffffffffffffffffffff/remove-experiments", obj("experiment_ids", List.of(first)))
                .error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    private List<String> experimentIds(String datasetId) {
        return Tracking.list(api().get(V3 + "/" + datasetId + "/experiment-ids").ok().path("experiment_ids"))
                .stream().map(JsonNode::asText).toList();
    }

    private static List<String> ids(JsonNode searchAnswer) {
        List<String> ids = new ArrayList<>();
        searchAnswer.path("datasets").forEach(d -> ids.add(d.path("dataset_id").asText()));
        return ids;
    }

    @Test
    default void searchFiltersOrdersAndPagesWithinAnExperiment() throws Exception {
        String exp = tracking().newExperiment();
        String prefix = unique("s");
        List<String> names = List.of(prefix + "-c", prefix + "-a", prefix + "-e", prefix + "-b", prefix + "-d");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ids.add(datasets().create(names.get(i), List.of(exp), "{\"parity\": \"" + (i % 2 == 0 ? "even" : "odd")
                    + "\", \"mlflow.user\": \"u" + i + "\"}").path("dataset_id").asText());
            Thread.sleep(2); // distinct creation times, so the default order is defined
        }
        EvalDatasets d = datasets();
        List<String> exps = List.of(exp);
        assertEquals(List.of(names.get(4), names.get(3), names.get(2), names.get(1), names.get(0)),
                d.names(d.search("experiment_ids", exps).ok()), "newest first by default");
        // One experiment newest first reads its links in order; pages continue by keyset token.
        assertEquals(List.of(names.get(4), names.get(3), names.get(2), names.get(1), names.get(0)),
                pagedNames(exps, "created_time DESC", null, 2));
        assertEquals(List.of(names.get(3), names.get(1)), pagedNames(exps, "created_time DESC", "tags.parity = 'odd'", 1));
        String other = tracking().newExperiment();
        String elsewhere = datasets().create(prefix + "-z", List.of(other), null).path("name").asText();
        assertEquals(List.of(elsewhere, names.get(4), names.get(3), names.get(2), names.get(1), names.get(0)),
                pagedNames(List.of(exp, other), "created_time DESC", null, 4), "several experiments, each dataset once");
        assertEquals(List.of(prefix + "-a", prefix + "-b", prefix + "-c", prefix + "-d", prefix + "-e"),
                pagedNames(exps, "name ASC", null, 2));
        assertEquals(List.of(prefix + "-e", prefix + "-d", prefix + "-c", prefix + "-b", prefix + "-a"),
                pagedNames(exps, "name DESC", null, 2));
        assertEquals(List.of(prefix + "-c", prefix + "-e", prefix + "-d"),
                pagedNames(exps, "created_time ASC", "tags.parity = 'even'", 1));
        assertEquals(List.of(prefix + "-a", prefix + "-b"),
                pagedNames(exps, "name", "name IN ('" + prefix + "-a', '" + prefix + "-b', 'other')", 10));
        assertEquals(List.of(prefix + "-d", prefix + "-e"), pagedNames(exps, "name", "name > '" + prefix + "-c'", 10));
        assertEquals(List.of(prefix + "-b"), pagedNames(exps, "name", "created_by = 'u3'", 10));
        assertEquals(5, pagedNames(exps, "name", "name LIKE '" + prefix + "-%' AND created_time > 0", 3).size());
        assertEquals(List.of(), pagedNames(exps, "name", "name LIKE '" + prefix.toUpperCase() + "%'", 10),
                "LIKE is case-sensitive");
        assertEquals(5, pagedNames(exps, "name", "name ILIKE '" + prefix.toUpperCase() + "%'", 10).size());
        assertEquals(List.of(), pagedNames(exps, "name", "tags.parity != 'even' AND tags.parity != 'odd'", 10),
                "a dataset without the tag matches no tag comparison");
        assertEquals(List.of(), pagedNames(exps, "name", "tags.missing != 'x'", 10));
        long firstCreated = datasets().get(ids.get(0)).path("created_time").asLong();
        assertEquals(List.of(names.get(0)), pagedNames(exps, "name", "created_time = " + firstCreated, 10));
        // The client's get_dataset(name=...) filter: double quotes around the name.
        assertEquals(List.of(ids.get(2)), ids(d.search("filter_string", "name = \"" + names.get(2) + "\"",
                "max_results", 2).ok()));
        // GET works too, with repeated query keys for the lists.
        JsonNode viaGet = api().get(V3 + "/search", "experiment_ids", exp, "order_by", "name DESC", "max_results", "1")
                .ok();
        assertEquals(List.of(prefix + "-e"), d.names(viaGet));
        assertNotNull(viaGet.path("next_page_token").textValue());

        for (String bad : List.of("bogus = 'x'", "tag.parity = 'even'", "name = 'a' OR name = 'b'",
                "tags.parity IS NULL", "tags.parity > 'a'", "created_time > 1.5", "created_time > '5'",
                "name NOT IN ('a')", "name = a", "created_by IN ('a')")) {
            d.search("filter_string", bad).error(400, "INVALID_PARAMETER_VALUE");
        }
        for (String bad : List.of("created_by", "tags.parity", "name sideways")) {
            d.search("order_by", List.of(bad)).error(400, "INVALID_PARAMETER_VALUE");
        }
        d.search("max_results", 0).error(400, "INVALID_PARAMETER_VALUE");
        d.search("max_results", 50001).error(400, "INVALID_PARAMETER_VALUE");
        d.search("page_token", "garbage").error(400, "INVALID_PARAMETER_VALUE");
        assertEquals(List.of(), ids(d.search("experiment_ids", List.of("abc")).ok()));
    }

    /** Every page of a search, following the tokens; the names in order. */
    private List<String> pagedNames(List<String> experimentIds, String orderBy, String filter, int pageSize) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            var body = obj("experiment_ids", experimentIds, "order_by", List.of(orderBy), "max_results", pageSize);
            if (filter != null) {
                body.put("filter_string", filter);
            }
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode page = api().post(V3 + "/search", body).ok();
            assertTrue(page.path("datasets").size() <= pageSize);
            names.addAll(datasets().names(page));
            token = page.path("next_page_token").textValue();
        } while (token != null);
        return names;
    }
}
