package dev.labbook.model;

import java.util.List;

/** One page of a search; nextPageToken is null on the last page. */
public record Page<T>(List<T> items, String nextPageToken) {}
