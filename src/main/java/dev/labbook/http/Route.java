package dev.labbook.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One row of the route table: the method, the full path (with {params}), its group and its handler. */
public record Route(HandlerType method, String path, Group group, Handler handler) {

    /** Whether the handler reads a JSON request message (query string for GET, else the body). */
    public boolean json() {
        return handler instanceof JsonEndpoint;
    }

    /** Which server mode serves a route: `--artifacts-only` and `--no-serve-artifacts` switch groups off. */
    public enum Group { SYSTEM, TRACKING, ARTIFACTS }
}
