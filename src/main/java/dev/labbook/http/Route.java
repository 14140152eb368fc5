package dev.labbook.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** One row of the route table: the method, the full path (with {params}) and its handler. */
public record Route(HandlerType method, String path, Handler handler) {}
