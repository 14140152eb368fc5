package dev.labbook.artifacts;

import java.io.IOException;

/**
 * The artifact store could not be reached or refused to serve us (network, 5xx, throttling,
 * credentials). The request may succeed later, so the HTTP layer answers 503, not 500.
 * Messages name the operation and the store, never credentials.
 */
public final class StorageUnavailableException extends IOException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
