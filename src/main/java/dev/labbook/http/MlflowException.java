package dev.labbook.http;

/** An error the client should see as MLflow's {"error_code", "message"} body. Thrown anywhere, rendered once. */
public class MlflowException extends RuntimeException {
    private final ErrorCode code;
    private final int httpStatus;

    public MlflowException(ErrorCode code, String message) {
        this(code, message, code.httpStatus());
    }

    /** For the few answers whose HTTP status is not the one MLflow maps the code to. */
    private MlflowException(ErrorCode code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public ErrorCode code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** MLflow has no code for an oversized body: BAD_REQUEST, with HTTP's own 413 (never retried). */
    public static MlflowException tooLarge(long size, long limit) {
        return new MlflowException(ErrorCode.BAD_REQUEST, "Request body " + (size < 0 ? "" : "of " + size + " bytes ")
                + "exceeds the limit of " + limit + " bytes for JSON endpoints.", 413);
    }

    public static MlflowException invalidParameter(String message) {
        return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    public static MlflowException notFound(String message) {
        return new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
    }

    public static MlflowException alreadyExists(String message) {
        return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
    }
}
