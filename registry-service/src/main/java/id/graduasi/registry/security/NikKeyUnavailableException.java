package id.graduasi.registry.security;

/** A stored ciphertext cannot be read with the configured keys: answered 503 naming the key id, never 500. */
public class NikKeyUnavailableException extends IllegalStateException {

    private final String keyId;

    public NikKeyUnavailableException(String keyId, String message, Throwable cause) {
        super(message, cause);
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
