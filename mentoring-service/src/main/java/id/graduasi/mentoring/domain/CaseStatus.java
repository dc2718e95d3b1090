package id.graduasi.mentoring.domain;

public enum CaseStatus {
    /** A social worker coaches the family. */
    OPEN,
    /** The family graduated; lighter visits watch for relapse. */
    MONITORING,
    CLOSED
}
