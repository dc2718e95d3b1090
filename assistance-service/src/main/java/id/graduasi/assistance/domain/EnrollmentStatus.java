package id.graduasi.assistance.domain;

/** PROPOSED (eligible, awaiting an officer) → ACTIVE ⇄ SUSPENDED (payments held) → EXITED (with a reason). */
public enum EnrollmentStatus {
    PROPOSED, ACTIVE, SUSPENDED, EXITED
}
