package dev.labbook.search;

/** The right-hand side of a comparison. */
public sealed interface Value permits StringValue, NumberValue, ListValue {}
