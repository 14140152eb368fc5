package dev.labbook.spec;

import dev.labbook.config.ServerConfig;
import dev.labbook.http.Route;
import java.util.Locale;
import java.util.UUID;

/** Configurations and names shared by the spec tests. */
final class SpecApps {
    private SpecApps() {}

    /** A server on a fresh in-memory H2 database, port chosen by the OS. */
    static ServerConfig inMemory(String name) {
        return withBackend("h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    static ServerConfig withBackend(String backendStoreUri) {
        return new ServerConfig("127.0.0.1", 0, backendStoreUri, "file:///tmp/labbook-spec-artifacts", null,
                false, false, "", true, 4);
    }

    /** "METHOD /path" with Javalin's {@code <param>} written as OpenAPI's {@code {param}}. */
    static String key(Route route) {
        return route.method().name().toUpperCase(Locale.ROOT) + " " + route.path().replaceAll("<([^>]+)>", "{$1}");
    }
}
