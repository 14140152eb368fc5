package dev.labbook.auth;

/** The authenticated user of one request. */
public record Caller(long id, String username, boolean admin) {}
