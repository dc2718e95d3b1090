package id.graduasi.mentoring.domain;

public enum FollowUpStatus {
    /** A home visit is due by the follow-up's date. */
    OPEN,
    /** A home visit on or after the payment day took place. */
    DONE,
    /** The case closed before anyone visited. */
    CANCELLED
}
