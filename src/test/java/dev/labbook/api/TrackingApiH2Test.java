package dev.labbook.api;

/** The tracking API contract on an embedded, in-memory H2 database. */
class TrackingApiH2Test extends TrackingApiContract {
    @Override
    protected String backendStoreUri() {
        return LabbookServer.h2MemoryUri();
    }
}
