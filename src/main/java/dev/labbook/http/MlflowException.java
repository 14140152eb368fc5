package dev.labbook.http;

/** An error the client should see as MLflow's {"error_code", "message"} body. Thrown anywhere, rendered once. */
public class MlflowException extends RuntimeException {
    private final ErrorCode code;

    public MlflowException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
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
