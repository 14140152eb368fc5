package dev.labbook.metrics;

import dev.labbook.api.LabbookServer;

/** Concurrent ingestion on an embedded, in-memory H2 database. */
class ConcurrentIngestionH2Test extends ConcurrentIngestionContract {
    @Override
    protected String backendStoreUri() {
        return LabbookServer.h2MemoryUri();
    }
}
