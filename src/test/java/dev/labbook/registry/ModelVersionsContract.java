package dev.labbook.registry;

import static dev.labbook.registry.RegistryClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.registry.RegistryClient.Answer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Model versions: numbering, stages, tags, sources, search and file download, through HTTP. Run per backend. */
abstract class ModelVersionsContract extends RegistryServer {

    @Test
    void versionsAreReadyAtOnceAndRenderedAsMlflowDoes() {
        String name = model();
        Run run = run();
        JsonNode mv = api.ok(api.post("/model-versions/create", obj("name", name, "source",
                "runs:/" + run.id() + "/model", "run_id", run.id(), "description", "first",
                "tags", List.of(obj("key", "framework", "value", "sklearn"))))).path("model_version");
        assertEquals("1", mv.path("version").asText());
        assertTrue(mv.path("version").isTextual());
        assertEquals("None", mv.path("current_stage").asText());
        assertEquals("READY", mv.path("status").asText());
        assertEquals(run.id(), mv.path("run_id").asText());
        assertEquals("first", mv.path("description").asText());
        assertEquals("sklearn", mv.at("/tags/0/value").asText());
        assertTrue(mv.path("creation_timestamp").isIntegralNumber());

        api.ok(api.patch("/model-versions/update", obj("name", name, "version", "1", "description", "better")));
        assertEquals("better", api.ok(api.get("/model-versions/get", "name", name, "version", "1"))
                .at("/model_version/description").asText());
        assertEquals("runs:/" + run.id() + "/model", api.ok(api.get("/model-versions/get-download-uri",
                "name", name, "version", "1")).path("artifact_uri").asText());
        JsonNode latest = api.ok(api.get("/registered-models/get", "name", name)).at("/registered_model/latest_versions");
        assertEquals(List.of("1"), texts(latest, "version"));
    }

    @Test
    void unknownAndMalformedVersions() {
        String name = model();
        version(name);
        assertEquals("RESOURCE_DOES_NOT_EXIST", api.get("/model-versions/get", "name", name, "version", "5").errorCode());
        assertEquals("INVALID_PARAMETER_VALUE", api.get("/model-versions/get", "name", name, "version", "one").errorCode());
        assertEquals("INVALID_PARAMETER_VALUE", api.get("/model-versions/get", "name", name).errorCode());
        assertEquals("RESOURCE_DOES_NOT_EXIST", api.post("/model-versions/create",
                obj("name", unique("nobody"), "source", "s3://bucket/x")).errorCode());
        assertEquals("INVALID_PARAMETER_VALUE", api.post("/model-versions/create", obj("name", name)).errorCode());
        assertEquals(404, api.delete("/model-versions/delete", obj("name", name, "version", "5")).status());
        assertEquals(404, api.post("/model-versions/set-tag",
                obj("name", name, "version", "5", "key", "k", "value", "v")).status());
    }

    @Test
    void deletedVersionsVanishAndTheirNumbersStayTaken() {
        String name = model();
        version(name);
        version(name);
        api.ok(api.post("/registered-models/alias", obj("name", name, "alias", "prod", "version", "2")));
        api.ok(api.delete("/model-versions/delete", obj("name", name, "version", "2")));
        assertEquals(404, api.get("/model-versions/get", "name", name, "version", "2").status());
        assertEquals(404, api.delete("/model-versions/delete", obj("name", name, "version", "2")).status());
        JsonNode model = api.ok(api.get("/registered-models/get", "name", name)).path("registered_model");
        assertNull(model.get("aliases"));
        assertEquals(List.of("1"), texts(model.path("latest_versions"), "version"));
        assertEquals("3", version(name));
        assertEquals(List.of("3", "1"), texts(api.ok(api.get("/model-versions/search", "filter",
                "name = '" + name + "'", "order_by", "version_number DESC")).path("model_versions"), "version"));
    }

    @Test
    void stagesTransitionAndArchive() {
        String name = model();
        IntStream.range(0, 4).forEach(i -> version(name));
        assertEquals("Staging", transition(name, "1", "staging", false).path("current_stage").asText());
        transition(name, "2", "Production", false);
        transition(name, "3", "PRODUCTION", true);
        assertEquals("Archived", api.ok(api.get("/model-versions/get", "name", name, "version", "2"))
                .at("/model_version/current_stage").asText());

        JsonNode prod = api.ok(api.post("/registered-models/get-latest-versions",
                obj("name", name, "stages", List.of("production"))));
        assertEquals(List.of("3"), texts(prod.path("model_versions"), "version"));
        JsonNode all = api.ok(api.get("/registered-models/get-latest-versions", "name", name));
        assertEquals(List.of("1", "2", "3", "4"), texts(all.path("model_versions"), "version"));
        assertEquals(List.of("Staging", "Archived", "Production", "None"), texts(all.path("model_versions"), "current_stage"));

        assertEquals("INVALID_PARAMETER_VALUE", api.post("/model-versions/transition-stage",
                obj("name", name, "version", "1", "stage", "Shipped")).errorCode());
        assertEquals("INVALID_PARAMETER_VALUE", api.post("/model-versions/transition-stage",
                obj("name", name, "version", "1", "stage", "Archived", "archive_existing_versions", true)).errorCode());
        assertEquals("INVALID_PARAMETER_VALUE", api.get("/registered-models/get-latest-versions",
                "name", name, "stages", "Shipped").errorCode());
    }

    @Test
    void versionTags() {
        String name = model();
        version(name);
        api.ok(api.post("/model-versions/set-tag", obj("name", name, "version", "1", "key", "ok", "value", "yes")));
        api.ok(api.post("/model-versions/set-tag", obj("name", name, "version", "1", "key", "ok", "value", "no")));
        api.ok(api.post("/model-versions/set-tag", obj("name", name, "version", "1", "key", "gone", "value", "x")));
        api.ok(api.delete("/model-versions/delete-tag", obj("name", name, "version", "1", "key", "gone")));
        JsonNode tags = api.ok(api.get("/model-versions/get", "name", name, "version", "1")).at("/model_version/tags");
        assertEquals(List.of("ok"), texts(tags, "key"));
        assertEquals(List.of("no"), texts(tags, "value"));
        assertEquals("INVALID_PARAMETER_VALUE", api.post("/model-versions/set-tag",
                obj("name", name, "version", "1", "key", "bad\nkey", "value", "x")).errorCode());
    }

    @Test
    void sourcesMustBelongToTheirRunAndNothingIsWrittenOtherwise() throws Exception {
        String name = model();
        Run run = run();
        Run other = run();
        writeArtifact(run, "model/MLmodel", "artifact_path: model\n");
        List<Object[]> refused = List.of(
                new Object[] {"/etc", run.id()},
                new Object[] {run.artifactUri() + "/model", null},
                new Object[] {run.artifactUri() + "/model", other.id()},
                new Object[] {run.artifactUri() + "/../../../escape", run.id()},
                new Object[] {"runs:/" + other.id() + "/model", run.id()},
                new Object[] {"s3://bucket/a/../b", null},
                new Object[] {"s3://bucket/a/%252e%252e/b", null},
                new Object[] {"models:/" + unique("logged"), null},
                new Object[] {"runs:/" + run.id() + "/model", "ffffffffffffffffffffffffffffffff"});
        for (Object[] source : refused) {
            Answer answer = api.post("/model-versions/create", obj("name", name, "source", source[0],
                    "run_id", source[1] == null ? "" : source[1]));
            assertEquals("INVALID_PARAMETER_VALUE", answer.errorCode(), source[0] + " " + answer.body());
        }
        assertEquals(List.of(), versions(name));
        assertEquals("1", api.ok(api.post("/model-versions/create", obj("name", name,
                "source", run.artifactUri() + "/model", "run_id", run.id()))).at("/model_version/version").asText());
    }

    /** MLflow 3's log_model(registered_model_name=...): the source is models:/<model_id>. */
    @Test
    void versionsFromLoggedModelsDownloadFromTheModelAndAreRecordedOnIt() {
        String name = model();
        Run run = run();
        JsonNode logged = api.ok(api.post("/logged-models", obj("experiment_id", run.experimentId(), "name", "model",
                "source_run_id", run.id()))).at("/model/info");
        String modelId = logged.path("model_id").asText();
        JsonNode mv = api.ok(api.post("/model-versions/create", obj("name", name, "source", "models:/" + modelId,
                "model_id", modelId))).path("model_version");
        assertEquals(run.id(), mv.path("run_id").asText());
        assertEquals(modelId, mv.path("model_id").asText());
        assertEquals("models:/" + modelId, mv.path("source").asText());
        assertEquals(logged.path("artifact_uri").asText(), api.ok(api.get("/model-versions/get-download-uri",
                "name", name, "version", "1")).path("artifact_uri").asText());
        api.ok(api.post("/model-versions/create", obj("name", name, "source", "models:/" + modelId, "model_id", modelId)));
        JsonNode tags = api.ok(api.get("/logged-models/" + modelId)).at("/model/info/tags");
        assertEquals("[{\"name\": \"" + name + "\", \"version\": 1}, {\"name\": \"" + name + "\", \"version\": 2}]",
                texts(tags, "value").get(texts(tags, "key").indexOf("mlflow.modelVersions")));

        for (Object[] bad : List.of(new Object[] {"models:/" + modelId, "m-" + "0".repeat(32)},
                new Object[] {"models:/m-" + "0".repeat(32), "m-" + "0".repeat(32)},
                new Object[] {"runs:/" + run.id() + "/model", modelId})) {
            assertEquals("INVALID_PARAMETER_VALUE", api.post("/model-versions/create", obj("name", name,
                    "source", bad[0], "model_id", bad[1])).errorCode(), bad[0] + " " + bad[1]);
        }
        assertEquals(List.of("1", "2"), versions(name));
    }

    @Test
    void versionFilesDownloadAsAttachments() throws Exception {
        String name = model();
        Run run = run();
        writeArtifact(run, "model/MLmodel", "artifact_path: model\nflavors: {}\n");
        writeArtifact(run, "model/data/page.html", "<script>alert(1)</script>");
        api.ok(api.post("/model-versions/create", obj("name", name, "source", run.artifactUri() + "/model",
                "run_id", run.id())));
        api.ok(api.post("/model-versions/create", obj("name", name, "source", "runs:/" + run.id() + "/model",
                "run_id", run.id())));

        for (String version : List.of("1", "2")) {
            Answer file = api.getRaw("/model-versions/get-artifact", "name", name, "version", version, "path", "MLmodel");
            assertEquals(200, file.status(), file.body());
            assertEquals("artifact_path: model\nflavors: {}\n", file.body());
            assertTrue(file.header("Content-Disposition").startsWith("attachment"));
            assertEquals("nosniff", file.header("X-Content-Type-Options"));
        }
        Answer html = api.getRaw("/model-versions/get-artifact", "name", name, "version", "1", "path", "data/page.html");
        assertTrue(html.header("Content-Disposition").startsWith("attachment"));
        assertEquals(404, api.getRaw("/model-versions/get-artifact", "name", name, "version", "1", "path", "nope").status());
        assertEquals(400, api.getRaw("/model-versions/get-artifact", "name", name, "version", "1", "path", "data")
                .status()); // a directory, not a file
        assertEquals(404, api.getRaw("/model-versions/get-artifact", "name", name, "version", "9", "path", "MLmodel").status());
        for (String bad : List.of("../../../etc/passwd", "%2e%2e/x", "/etc/passwd", "")) {
            assertEquals(400, api.getRaw("/model-versions/get-artifact", "name", name, "version", "1", "path", bad)
                    .status(), bad);
        }
    }

    @Test
    void searchFiltersOrdersAndPages() {
        String name = model();
        Run run = run();
        for (int i = 0; i < 3; i++) {
            api.ok(api.post("/model-versions/create", obj("name", name, "source", "s3://bucket/" + name + "/" + i,
                    "run_id", i == 1 ? run.id() : "", "tags", List.of(obj("key", "i", "value", Integer.toString(i))))));
        }
        String mine = "name = '" + name + "'";
        assertEquals(List.of("1", "2", "3"), versions(name));
        assertEquals(List.of("2"), search(mine + " AND tags.i = '1'"));
        assertEquals(List.of("2"), search("run_id = '" + run.id() + "'"));
        assertEquals(List.of("2"), search("run_id IN ('" + run.id() + "')"));
        assertEquals(List.of("3", "2"), search(mine + " AND version_number >= 2"));
        assertEquals(List.of("1"), search(mine + " AND source_path LIKE '%/0'"));

        JsonNode first = api.ok(api.get("/model-versions/search", "filter", mine, "max_results", "2",
                "order_by", "version_number ASC"));
        assertEquals(List.of("1", "2"), texts(first.path("model_versions"), "version"));
        JsonNode second = api.ok(api.get("/model-versions/search", "filter", mine, "max_results", "2",
                "order_by", "version_number ASC", "page_token", first.path("next_page_token").asText()));
        assertEquals(List.of("3"), texts(second.path("model_versions"), "version"));
        assertNull(second.get("next_page_token"));

        for (Answer bad : List.of(
                api.get("/model-versions/search", "filter", "stage = 'None'"),
                api.get("/model-versions/search", "filter", "version_number = 'x'"),
                api.get("/model-versions/search", "order_by", "run_id"),
                api.get("/model-versions/search", "max_results", "200001"),
                api.get("/model-versions/search", "max_results", "0"))) {
            assertEquals(400, bad.status(), bad.body());
            assertEquals("INVALID_PARAMETER_VALUE", bad.errorCode());
        }
    }

    /** Twenty registrations at once: each number from 1 to 20 exactly once. */
    @Test
    void concurrentRegistrationsNumberVersionsWithoutGapsOrDuplicates() throws Exception {
        String name = model();
        int clients = 20;
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String source = "s3://bucket/race/" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.ok(api.post("/model-versions/create", obj("name", name, "source", source)))
                            .at("/model_version/version").asText();
                }));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<String> future : futures) {
                numbers.add(Integer.parseInt(future.get()));
            }
            numbers.sort(null);
            assertEquals(IntStream.rangeClosed(1, clients).boxed().toList(), numbers);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(IntStream.rangeClosed(1, clients).mapToObj(Integer::toString).toList(), versions(name));
    }

    private JsonNode transition(String name, String version, String stage, boolean archive) {
        return api.ok(api.post("/model-versions/transition-stage", obj("name", name, "version", version,
                "stage", stage, "archive_existing_versions", archive))).path("model_version");
    }

    private List<String> versions(String name) {
        return search("name = '" + name + "'").stream().sorted(Comparator.comparingInt(Integer::parseInt))
                .toList();
    }

    private List<String> search(String filter) {
        return texts(api.ok(api.get("/model-versions/search", "filter", filter)).path("model_versions"), "version");
    }
}
