package dev.labbook.loggedmodels;

import java.util.UUID;

/** The logged-model contract on an in-memory H2 database. */
class LoggedModelsH2Test extends LoggedModelSearchContract {
    @Override
    String backendUri() {
        return "h2:mem:logged-models-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
