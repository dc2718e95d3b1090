package id.graduasi.security;

import java.util.List;

/** The roles a token carries in its {@code groups} claim (issue #7). */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    /** Approves cycles and graduations. */
    public static final String SUPERVISOR = "SUPERVISOR";
    /** Registers, enrolls, proposes. */
    public static final String OFFICER = "OFFICER";
    /** Its own caseload only. */
    public static final String SOCIAL_WORKER = "SOCIAL_WORKER";
    /** A partner agency's machine client: only its granted region codes and programmes. */
    public static final String PARTNER = "PARTNER";
    /** Read-only, including the audit log. */
    public static final String AUDITOR = "AUDITOR";

    public static final List<String> ALL = List.of(ADMIN, SUPERVISOR, OFFICER, SOCIAL_WORKER, PARTNER, AUDITOR);

    private Roles() {
    }
}
