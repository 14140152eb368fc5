package dev.labbook.registry;

import static dev.labbook.registry.RegistryClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.registry.RegistryClient.Answer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registered models, their tags, aliases, search and prompts, through HTTP. Run per backend. */
abstract class RegisteredModelsContract extends RegistryServer {

    @Test
    void createGetUpdateRenameDelete() {
        String name = unique("churn");
        JsonNode created = api.ok(api.post("/registered-models/create", obj("name", name, "description", "first",
                "tags", List.of(obj("key", "team", "value", "growth"))))).path("registered_model");
        assertEquals(name, created.path("name").asText());
        assertEquals("first", created.path("description").asText());
        assertTrue(created.path("creation_timestamp").isIntegralNumber());
        assertEquals("growth", created.at("/tags/0/value").asText());

        JsonNode updated = api.ok(api.patch("/registered-models/update", obj("name", name, "description", "second")));
        assertEquals("second", updated.at("/registered_model/description").asText());
        version(name);
        api.ok(api.post("/registered-models/alias", obj("name", name, "alias", "champion", "version", "1")));

        String renamed = name + "-v2";
        JsonNode moved = api.ok(api.post("/registered-models/rename", obj("name", name, "new_name", renamed)))
                .path("registered_model");
        assertEquals(renamed, moved.path("name").asText());
        assertEquals(renamed, moved.at("/latest_versions/0/name").asText());
        assertEquals("champion", moved.at("/aliases/0/alias").asText());
        assertEquals("growth", moved.at("/tags/0/value").asText());
        assertEquals(404, api.get("/registered-models/get", "name", name).status());
        assertEquals("1", api.ok(api.get("/registered-models/alias", "name", renamed, "alias", "champion"))
                .at("/model_version/version").asText());

        api.ok(api.delete("/registered-models/delete", obj("name", renamed)));
        assertEquals("RESOURCE_DOES_NOT_EXIST", api.get("/registered-models/get", "name", renamed).errorCode());
        assertEquals(404, api.get("/model-versions/get", "name", renamed, "version", "1").status());
    }

    @Test
    void takenNamesAreResourceAlreadyExists() {
        String name = model();
        Answer again = api.post("/registered-models/create", obj("name", name));
        assertEquals(400, again.status());
        assertEquals("RESOURCE_ALREADY_EXISTS", again.errorCode());
        String other = model();
        assertEquals("RESOURCE_ALREADY_EXISTS",
                api.post("/registered-models/rename", obj("name", other, "new_name", name)).errorCode());
        assertEquals(200, api.get("/registered-models/get", "name", other).status());
    }

    @Test
    void unknownModelsAreResourceDoesNotExist() {
        String missing = unique("missing");
        List<Answer> answers = List.of(
                api.get("/registered-models/get", "name", missing),
                api.patch("/registered-models/update", obj("name", missing, "description", "x")),
                api.post("/registered-models/rename", obj("name", missing, "new_name", unique("x"))),
                api.delete("/registered-models/delete", obj("name", missing)),
                api.post("/registered-models/set-tag", obj("name", missing, "key", "k", "value", "v")),
                api.delete("/registered-models/delete-tag", obj("name", missing, "key", "k")),
                api.get("/registered-models/get-latest-versions", "name", missing),
                api.delete("/registered-models/alias", obj("name", missing, "alias", "a")),
                api.get("/registered-models/alias", "name", missing, "alias", "a"));
        for (Answer answer : answers) {
            assertEquals(404, answer.status(), answer.body());
            assertEquals("RESOURCE_DOES_NOT_EXIST", answer.errorCode());
        }
    }

    @Test
    void badInputIsInvalidParameterValueAndWritesNothing() {
        for (String bad : List.of("a/b", "a:b", "..", " ")) {
            Answer answer = api.post("/registered-models/create", obj("name", bad));
            assertEquals(400, answer.status(), bad);
            assertEquals("INVALID_PARAMETER_VALUE", answer.errorCode());
        }
        assertEquals(400, api.post("/registered-models/create", obj()).status());
        String name = unique("bad-tag");
        Answer badTag = api.post("/registered-models/create", obj("name", name,
                "tags", List.of(obj("key", "fine", "value", "1"), obj("key", "../escape", "value", "2"))));
        assertEquals("INVALID_PARAMETER_VALUE", badTag.errorCode());
        assertEquals(404, api.get("/registered-models/get", "name", name).status());
        assertEquals(400, api.post("/registered-models/create",
                obj("name", name, "description", "x".repeat(5001))).status());
        assertEquals(404, api.get("/registered-models/get", "name", name).status());
    }

    @Test
    void tagsAreSetOverwrittenAndDeleted() {
        String name = model();
        api.ok(api.post("/registered-models/set-tag", obj("name", name, "key", "stage", "value", "dev")));
        api.ok(api.post("/registered-models/set-tag", obj("name", name, "key", "owner", "value", "ana")));
        api.ok(api.post("/registered-models/set-tag", obj("name", name, "key", "stage", "value", "prod")));
        JsonNode tags = api.ok(api.get("/registered-models/get", "name", name)).at("/registered_model/tags");
        assertEquals(List.of("owner", "stage"), texts(tags, "key"));
        assertEquals(List.of("ana", "prod"), texts(tags, "value"));
        api.ok(api.delete("/registered-models/delete-tag", obj("name", name, "key", "stage")));
        api.ok(api.delete("/registered-models/delete-tag", obj("name", name, "key", "never-set")));
        tags = api.ok(api.get("/registered-models/get", "name", name)).at("/registered_model/tags");
        assertEquals(List.of("owner"), texts(tags, "key"));
    }

    @Test
    void aliasesPointAtLiveVersionsAndMove() {
        String name = model();
        version(name);
        version(name);
        version(name);
        api.ok(api.post("/registered-models/alias", obj("name", name, "alias", "champion", "version", "1")));
        api.ok(api.post("/registered-models/alias", obj("name", name, "alias", "champion", "version", "2")));
        JsonNode mv = api.ok(api.get("/registered-models/alias", "name", name, "alias", "champion")).path("model_version");
        assertEquals("2", mv.path("version").asText());
        assertEquals("champion", mv.at("/aliases/0").asText());
        assertEquals("3", api.ok(api.get("/registered-models/alias", "name", name, "alias", "Latest"))
                .at("/model_version/version").asText());

        for (String bad : List.of("two words", "latest", "v2", "V10", "a.b", "")) {
            Answer answer = api.post("/registered-models/alias", obj("name", name, "alias", bad, "version", "1"));
            assertEquals(400, answer.status(), bad);
            assertEquals("INVALID_PARAMETER_VALUE", answer.errorCode());
        }
        assertEquals(400, api.post("/registered-models/alias",
                obj("name", name, "alias", "x".repeat(256), "version", "1")).status());
        assertEquals(404, api.post("/registered-models/alias",
                obj("name", name, "alias", "ghost", "version", "9")).status());

        api.ok(api.delete("/registered-models/alias", obj("name", name, "alias", "champion")));
        Answer gone = api.get("/registered-models/alias", "name", name, "alias", "champion");
        assertEquals(400, gone.status()); // MLflow's answer for a missing alias, which load_prompt relies on
        assertEquals("INVALID_PARAMETER_VALUE", gone.errorCode());
    }

    @Test
    void searchFiltersOrdersAndPages() {
        String batch = unique("").substring(1);
        List<String> names = List.of("churn-" + batch + "-a", "churn-" + batch + "-b", "churn-" + batch + "-c");
        for (String name : names) {
            api.ok(api.post("/registered-models/create", obj("name", name,
                    "tags", List.of(obj("key", "batch", "value", batch)))));
        }
        String other = "retention-" + batch;
        api.ok(api.post("/registered-models/create", obj("name", other)));

        JsonNode like = api.ok(api.get("/registered-models/search", "filter", "name LIKE 'churn-" + batch + "%'",
                "order_by", "name DESC"));
        assertEquals(List.of(names.get(2), names.get(1), names.get(0)), texts(like.path("registered_models"), "name"));
        JsonNode tagged = api.ok(api.get("/registered-models/search", "filter", "tags.batch = '" + batch + "'"));
        assertEquals(names, texts(tagged.path("registered_models"), "name"));
        JsonNode ilike = api.ok(api.get("/registered-models/search", "filter", "name ILIKE 'CHURN-" + batch + "-_'"));
        assertEquals(names, texts(ilike.path("registered_models"), "name"));
        JsonNode in = api.ok(api.get("/registered-models/search",
                "filter", "name IN ('" + names.get(1) + "', '" + other + "')"));
        assertEquals(List.of(names.get(1), other), texts(in.path("registered_models"), "name"));

        String filter = "name LIKE 'churn-" + batch + "%'";
        JsonNode first = api.ok(api.get("/registered-models/search", "filter", filter, "max_results", "2"));
        assertEquals(names.subList(0, 2), texts(first.path("registered_models"), "name"));
        JsonNode second = api.ok(api.get("/registered-models/search", "filter", filter, "max_results", "2",
                "page_token", first.path("next_page_token").asText()));
        assertEquals(names.subList(2, 3), texts(second.path("registered_models"), "name"));
        assertNull(second.get("next_page_token"));

        for (Answer bad : List.of(
                api.get("/registered-models/search", "filter", "name = "),
                api.get("/registered-models/search", "filter", "creation_timestamp > 1"),
                api.get("/registered-models/search", "order_by", "tags.x"),
                api.get("/registered-models/search", "order_by", List.of("name", "name DESC")),
                api.get("/registered-models/search", "max_results", "1001"),
                api.get("/registered-models/search", "page_token", "not-a-token"))) {
            assertEquals(400, bad.status(), bad.body());
            assertEquals("INVALID_PARAMETER_VALUE", bad.errorCode());
        }
    }

    @Test
    void promptsAreHiddenUnlessTheFilterAsksForThem() {
        String prompt = unique("prompt");
        api.ok(api.post("/registered-models/create", obj("name", prompt,
                "tags", List.of(obj("key", "mlflow.prompt.is_prompt", "value", "true")))));
        api.ok(api.post("/model-versions/create", obj("name", prompt, "source", "prompt-template",
                "tags", List.of(obj("key", "mlflow.prompt.is_prompt", "value", "true"),
                        obj("key", "mlflow.prompt.text", "value", "Hello {{name}}")))));
        String model = model();

        String both = "name IN ('" + prompt + "', '" + model + "')";
        assertEquals(List.of(model), searchNames(both));
        assertEquals(List.of(model), searchNames(both + " AND tags.`mlflow.prompt.is_prompt` != 'true'"));
        assertEquals(List.of(model), searchNames(both + " AND tag.`mlflow.prompt.is_prompt` = 'false'"));
        assertEquals(List.of(prompt), searchNames(both + " AND tags.`mlflow.prompt.is_prompt` = 'true'"));
        assertFalse(texts(api.ok(api.get("/registered-models/search", "max_results", "1000"))
                .path("registered_models"), "name").contains(prompt));

        assertEquals(List.of(), texts(api.ok(api.get("/model-versions/search", "filter", "name = '" + prompt + "'"))
                .path("model_versions"), "version"));
        assertEquals(List.of("1"), texts(api.ok(api.get("/model-versions/search", "filter",
                "name = '" + prompt + "' AND tag.`mlflow.prompt.is_prompt` = 'true'")).path("model_versions"), "version"));

        Answer clash = api.post("/registered-models/create", obj("name", prompt));
        assertEquals("RESOURCE_ALREADY_EXISTS", clash.errorCode());
        assertTrue(clash.json().path("message").asText().contains("prompt"));
        Answer badSource = api.post("/model-versions/create", obj("name", prompt, "source", "s3://bucket/p",
                "tags", List.of(obj("key", "mlflow.prompt.is_prompt", "value", "true"))));
        assertEquals("INVALID_PARAMETER_VALUE", badSource.errorCode());
    }

    private List<String> searchNames(String filter) {
        return texts(api.ok(api.get("/registered-models/search", "filter", filter)).path("registered_models"), "name");
    }
}
