package dev.labbook.api;

import static dev.labbook.api.ApiClient.API;
import static dev.labbook.api.ApiClient.obj;
import static dev.labbook.api.Tracking.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Experiment search: filters, view types, order_by and keyset paging (protocol §2.1, §3.3, §3.8). */
public interface SearchExperimentsContract extends ServerContract {
    @Test
    default void searchRequiresAValidMaxResults() {
        String search = API + "/experiments/search";
        api().post(search, obj()).error(400, "INVALID_PARAMETER_VALUE");
        api().post(search, obj("max_results", 0)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(search, obj("max_results", -3)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(search, obj("max_results", 50001)).error(400, "INVALID_PARAMETER_VALUE");
        api().post(search, obj("max_results", "abc")).error(400, "INVALID_PARAMETER_VALUE");
        api().get(search, "max_results", "abc").error(400, "INVALID_PARAMETER_VALUE");
        api().post(search, obj("max_results", 50000, "filter", "name = '" + unique("none") + "'")).ok();
    }

    @Test
    default void searchFiltersByNameAndTags() {
        String prefix = unique("find");
        String a = tracking().createExperiment(prefix + "-a");
        String b = tracking().createExperiment(prefix + "-b");
        api().post(API + "/experiments/set-experiment-tag", obj("experiment_id", a, "key", "color", "value", "Red")).ok();
        assertEquals(Set.of(a, b), idsOf(api().post(API + "/experiments/search",
                obj("max_results", 100, "filter", "name LIKE '" + prefix + "%'")).ok()));
        assertEquals(Set.of(a), idsOf(api().post(API + "/experiments/search",
                obj("max_results", 100, "filter", "name LIKE '" + prefix + "%' AND tags.color = 'Red'")).ok()));
        assertEquals(Set.of(), idsOf(api().post(API + "/experiments/search",
                obj("max_results", 100, "filter", "name LIKE '" + prefix + "%' AND tags.color = 'red'")).ok()));
        assertEquals(Set.of(b), idsOf(api().get(API + "/experiments/search", "max_results", "100",
                "filter", "name ILIKE '" + prefix.toUpperCase() + "%' AND tags.`color` IS NULL").ok()));
    }

    @Test
    default void searchHonoursViewType() {
        String prefix = unique("view");
        String active = tracking().createExperiment(prefix + "-active");
        String deleted = tracking().createExperiment(prefix + "-deleted");
        api().post(API + "/experiments/delete", obj("experiment_id", deleted)).ok();
        String filter = "name LIKE '" + prefix + "%'";
        assertEquals(Set.of(active), idsOf(api().post(API + "/experiments/search",
                obj("max_results", 10, "filter", filter)).ok()));
        assertEquals(Set.of(deleted), idsOf(api().post(API + "/experiments/search",
                obj("max_results", 10, "filter", filter, "view_type", "DELETED_ONLY")).ok()));
        assertEquals(Set.of(active, deleted), idsOf(api().get(API + "/experiments/search",
                "max_results", "10", "filter", filter, "view_type", "ALL").ok()));
        api().post(API + "/experiments/search", obj("max_results", 10, "view_type", "SOME"))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void searchPagesWithoutDuplicatesOrGapsInDefaultOrder() {
        String prefix = unique("page");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(tracking().createExperiment(prefix + "-" + i));
        }
        List<JsonNode> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            List<String> query = new ArrayList<>(List.of("max_results", "3", "filter", "name LIKE '" + prefix + "%'"));
            if (token != null) {
                query.addAll(List.of("page_token", token));
            }
            JsonNode page = api().get(API + "/experiments/search", query.toArray(String[]::new)).ok();
            assertTrue(page.path("experiments").size() <= 3);
            page.path("experiments").forEach(seen::add);
            token = page.path("next_page_token").isMissingNode() ? null : page.path("next_page_token").asText();
            if (pages++ == 0) {
                // created between pages: sorts first (newest), so it must not shift later pages
                tracking().createExperiment(prefix + "-late");
            }
        } while (token != null && pages < 10);
        List<String> ids = seen.stream().map(e -> e.path("experiment_id").asText()).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), () -> "duplicates: " + ids);
        assertTrue(ids.containsAll(created), () -> "gaps: " + ids + " vs " + created);
        for (int i = 1; i < seen.size(); i++) {
            long prev = seen.get(i - 1).path("creation_time").asLong();
            long cur = seen.get(i).path("creation_time").asLong();
            assertTrue(prev > cur || (prev == cur && Long.parseLong(ids.get(i - 1)) < Long.parseLong(ids.get(i))),
                    () -> "order creation_time DESC, experiment_id ASC broken: " + seen);
        }
    }

    @Test
    default void searchOrdersByName() {
        String prefix = unique("order");
        String b = tracking().createExperiment(prefix + "-b");
        String a = tracking().createExperiment(prefix + "-a");
        String c = tracking().createExperiment(prefix + "-c");
        JsonNode asc = api().post(API + "/experiments/search", obj("max_results", 10,
                "filter", "name LIKE '" + prefix + "%'", "order_by", List.of("name ASC"))).ok();
        assertEquals(List.of(a, b, c), Tracking.list(asc.path("experiments")).stream()
                .map(e -> e.path("experiment_id").asText()).toList());
        JsonNode desc = api().get(API + "/experiments/search", "max_results", "2",
                "filter", "name LIKE '" + prefix + "%'", "order_by", "name DESC").ok();
        assertEquals(List.of(c, b), Tracking.list(desc.path("experiments")).stream()
                .map(e -> e.path("experiment_id").asText()).toList());
        JsonNode rest = api().get(API + "/experiments/search", "max_results", "2",
                "filter", "name LIKE '" + prefix + "%'", "order_by", "name DESC",
                "page_token", desc.path("next_page_token").asText()).ok();
        assertEquals(List.of(a), Tracking.list(rest.path("experiments")).stream()
                .map(e -> e.path("experiment_id").asText()).toList());
        assertTrue(rest.path("next_page_token").isMissingNode(), rest::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name = ", "name = 'a' OR name = 'b'", "metrics.x > 1", "nme = 'x'", "name = unquoted",
            "(name = 'a')"})
    default void searchWithAMalformedFilterIs400(String filter) {
        api().post(API + "/experiments/search", obj("max_results", 10, "filter", filter))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "%%%", "W10", "WzEsMiwzLDQsNSw2XQ", "WyJhIiwiYiJd", "W251bGwsbnVsbF0"})
    default void searchWithAGarbagePageTokenIs400(String token) {
        api().post(API + "/experiments/search", obj("max_results", 10, "page_token", token))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    @Test
    default void searchWithABadOrderByIs400() {
        api().post(API + "/experiments/search", obj("max_results", 10, "order_by", List.of("nonsense ASC")))
                .error(400, "INVALID_PARAMETER_VALUE");
        api().post(API + "/experiments/search", obj("max_results", 10, "order_by", List.of("name SIDEWAYS")))
                .error(400, "INVALID_PARAMETER_VALUE");
    }

    /** Names are exact strings: "x" and "x " are two experiments (MariaDB PAD SPACE must not leak). */

    private static Set<String> idsOf(JsonNode searchAnswer) {
        Set<String> ids = new HashSet<>();
        searchAnswer.path("experiments").forEach(e -> ids.add(e.path("experiment_id").asText()));
        return ids;
    }
}
