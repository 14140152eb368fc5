package dev.labbook.registry;

import dev.labbook.api.LabbookServer;

/** The registered-model contract on an in-memory H2 database. */
class RegisteredModelsTest extends RegisteredModelsContract {
    @Override
    protected String backendStoreUri() {
        return LabbookServer.h2MemoryUri();
    }
}
