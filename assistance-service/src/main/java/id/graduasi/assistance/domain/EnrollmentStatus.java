package id.graduasi.assistance.domain;

public enum EnrollmentStatus {
    ACTIVE, EXITED
}
