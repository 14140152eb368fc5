package dev.labbook.review;

import dev.labbook.api.LabbookServer;

/** The label-schema and review-queue contract on an in-memory H2 database. */
class ReviewQueuesH2Test extends ReviewQueuesContract {
    @Override
    String backendUri() {
        return LabbookServer.h2MemoryUri();
    }
}
