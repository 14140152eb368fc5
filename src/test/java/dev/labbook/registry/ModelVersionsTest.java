package dev.labbook.registry;

import dev.labbook.api.LabbookServer;

/** The model-version contract on an in-memory H2 database. */
class ModelVersionsTest extends ModelVersionsContract {
    @Override
    protected String backendStoreUri() {
        return LabbookServer.h2MemoryUri();
    }
}
