package dev.labbook.search;

/**
 * A filter or order_by string that MLflow would reject. The message names the offending token and its
 * 1-based column; callers report it as INVALID_PARAMETER_VALUE.
 */
public final class SearchSyntaxException extends RuntimeException {
    public SearchSyntaxException(String message) {
        super(message);
    }
}
