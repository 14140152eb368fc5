package dev.labbook.http;

/** MLflow's error codes that Labbook sends, each with the HTTP status MLflow's server maps it to. */
public enum ErrorCode {
    INTERNAL_ERROR(500),
    TEMPORARILY_UNAVAILABLE(503),
    BAD_REQUEST(400),
    INVALID_PARAMETER_VALUE(400),
    ENDPOINT_NOT_FOUND(404),
    RESOURCE_ALREADY_EXISTS(400),
    RESOURCE_DOES_NOT_EXIST(404),
    PERMISSION_DENIED(403),
    UNAUTHENTICATED(401),
    NOT_IMPLEMENTED(501);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
