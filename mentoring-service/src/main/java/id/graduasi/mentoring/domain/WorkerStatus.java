package id.graduasi.mentoring.domain;

public enum WorkerStatus {
    /** Takes new cases and keeps the ones assigned. */
    ACTIVE,
    /** Left (or on long leave): their cases were redistributed, they get none. */
    INACTIVE
}
