package id.graduasi.mentoring.domain;

/** What an action-plan goal is about. */
public enum GoalKind {
    START_BUSINESS,
    OPEN_SAVINGS,
    REPAIR_HOUSE,
    IMPROVE_SANITATION,
    SCHOOL_ENROLMENT,
    HEALTH_CHECKS,
    OTHER
}
