package dev.labbook.api;

import dev.labbook.http.Route;
import java.util.List;

/** What every contract interface gets from the class that runs it. */
public interface ServerContract {
    Tracking tracking();

    /** The --default-artifact-root the server was started with. */
    String artifactRoot();

    /** The server's route table. */
    List<Route> routes();

    default ApiClient api() {
        return tracking().api();
    }
}
