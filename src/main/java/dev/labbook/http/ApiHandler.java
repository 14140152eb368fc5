package dev.labbook.http;

/** An endpoint that takes one request message and returns the response message (a JSON-able object). */
@FunctionalInterface
public interface ApiHandler {
    Object handle(ApiRequest request) throws Exception;
}
