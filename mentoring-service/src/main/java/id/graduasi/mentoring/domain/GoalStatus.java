package id.graduasi.mentoring.domain;

public enum GoalStatus {
    PLANNED,
    IN_PROGRESS,
    ACHIEVED,
    DROPPED
}
