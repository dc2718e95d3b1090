package id.graduasi.graduation.rest;

/** Until authentication (issue #7) the user is declared in {@code X-Graduasi-User}, not proven. */
final class Users {

    static final String HEADER = "X-Graduasi-User";
    static final String PATTERN = "[A-Za-z0-9._@:-]{1,120}";
    static final String REASON_CODE = "[A-Z][A-Z0-9_]{0,59}";

    private Users() {
    }
}
