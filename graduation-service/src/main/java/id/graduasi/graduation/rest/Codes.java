package id.graduasi.graduation.rest;

/** Shapes of the codes requests carry. */
final class Codes {

    static final String REASON_CODE = "[A-Z][A-Z0-9_]{0,59}";
    static final String REGION = "\\d{2}(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?";

    private Codes() {
    }
}
