package dev.labbook.auth;

import java.util.UUID;

/** The search-filtering contract on an in-memory H2 database. */
class AuthSearchTest extends AuthSearchContract {
    @Override
    protected String backendStoreUri() {
        return "h2:mem:auth-search-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
