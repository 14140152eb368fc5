package dev.labbook.traces;

/** A prompt version a trace used: registered prompt name and version number. */
public record PromptRef(String name, int version) {}
