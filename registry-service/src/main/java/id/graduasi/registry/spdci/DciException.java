package id.graduasi.registry.spdci;

/**
 * A request the registry cannot take at all (not JSON, a header field missing, a wrong action): answered with
 * the spec's ERR acknowledgement and one of its Error codes, never processed.
 */
public class DciException extends RuntimeException {

    final int httpStatus;
    final String code;

    public DciException(int httpStatus, String code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public static DciException bad(String message) {
        return new DciException(400, "err.request.bad", message);
    }
}
