package id.graduasi.events.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * The event catalogue. The CloudEvents {@code type} carries the payload's schema version; a new incompatible
 * payload is a new constant with a new type (and schema), never an edit of an old one.
 */
public enum EventType {

    HOUSEHOLD_REGISTERED("id.graduasi.registry.household.registered.v1", Topics.REGISTRY_HOUSEHOLD,
            "household-registered.v1", HouseholdRegistered.class),
    HOUSEHOLD_STATUS_CHANGED("id.graduasi.registry.household.status-changed.v1", Topics.REGISTRY_HOUSEHOLD,
            "household-status-changed.v1", HouseholdStatusChanged.class),
    HOUSEHOLD_UPDATED("id.graduasi.registry.household.updated.v1", Topics.REGISTRY_HOUSEHOLD,
            "household-updated.v1", HouseholdUpdated.class),
    MEMBER_ADDED("id.graduasi.registry.member.added.v1", Topics.REGISTRY_HOUSEHOLD,
            "member-added.v1", MemberAdded.class),
    MEMBER_REMOVED("id.graduasi.registry.member.removed.v1", Topics.REGISTRY_HOUSEHOLD,
            "member-removed.v1", MemberRemoved.class),
    ENROLLMENT_ACTIVATED("id.graduasi.assistance.enrollment.activated.v1", Topics.ASSISTANCE_ENROLLMENT,
            "enrollment-activated.v1", EnrollmentActivated.class),
    ENROLLMENT_ENDED("id.graduasi.assistance.enrollment.ended.v1", Topics.ASSISTANCE_ENROLLMENT,
            "enrollment-ended.v1", EnrollmentEnded.class),
    AID_DISBURSED("id.graduasi.assistance.aid.disbursed.v1", Topics.ASSISTANCE_ENROLLMENT,
            "aid-disbursed.v1", AidDisbursed.class),
    DISBURSEMENT_FAILED("id.graduasi.assistance.disbursement.failed.v1", Topics.ASSISTANCE_ENROLLMENT,
            "disbursement-failed.v1", DisbursementFailed.class),
    ENROLLMENT_SUSPENDED("id.graduasi.assistance.enrollment.suspended.v1", Topics.ASSISTANCE_ENROLLMENT,
            "enrollment-suspended.v1", EnrollmentSuspended.class),
    ENTITLEMENT_APPROVED("id.graduasi.assistance.entitlement.approved.v1", Topics.ASSISTANCE_ENROLLMENT,
            "entitlement-approved.v1", EntitlementApproved.class),
    PROGRAMME_ALLOCATED("id.graduasi.assistance.programme.allocated.v1", Topics.ASSISTANCE_ALLOCATION,
            "programme-allocated.v1", ProgrammeAllocated.class),
    CASE_OPENED("id.graduasi.mentoring.case.opened.v1", Topics.MENTORING_CASE,
            "case-opened.v1", CaseOpened.class),
    CASE_MONITORING_STARTED("id.graduasi.mentoring.case.monitoring-started.v1", Topics.MENTORING_CASE,
            "case-monitoring-started.v1", CaseMonitoringStarted.class),
    CASE_CLOSED("id.graduasi.mentoring.case.closed.v1", Topics.MENTORING_CASE,
            "case-closed.v1", CaseClosed.class),
    WORKER_ASSIGNED("id.graduasi.mentoring.worker.assigned.v1", Topics.MENTORING_CASE,
            "worker-assigned.v1", WorkerAssigned.class),
    VISIT_RECORDED("id.graduasi.mentoring.visit.recorded.v1", Topics.MENTORING_CASE,
            "visit-recorded.v1", VisitRecorded.class),
    ASSESSMENT_RECORDED("id.graduasi.mentoring.assessment.recorded.v1", Topics.MENTORING_CASE,
            "assessment-recorded.v1", AssessmentRecorded.class),
    GRADUATION_RECOMMENDED("id.graduasi.mentoring.graduation.recommended.v1", Topics.MENTORING_CASE,
            "graduation-recommended.v1", GraduationRecommended.class),
    RELAPSE_SUSPECTED("id.graduasi.mentoring.relapse.suspected.v1", Topics.MENTORING_CASE,
            "relapse-suspected.v1", RelapseSuspected.class),
    // Retired: no longer published (v2 alone); kept so that events already on the topic can be read and skipped.
    GRADUATION_DECIDED("id.graduasi.graduation.decided.v1", Topics.GRADUATION_DECISION,
            "graduation-decided.v1", GraduationDecided.class),
    GRADUATION_REVERTED("id.graduasi.graduation.reverted.v1", Topics.GRADUATION_DECISION,
            "graduation-reverted.v1", GraduationReverted.class),
    GRADUATION_DECIDED_V2("id.graduasi.graduation.decided.v2", Topics.GRADUATION_DECISION,
            "graduation-decided.v2", GraduationDecidedV2.class),
    GRADUATION_REVERTED_V2("id.graduasi.graduation.reverted.v2", Topics.GRADUATION_DECISION,
            "graduation-reverted.v2", GraduationRevertedV2.class);

    private final String type;
    private final String topic;
    private final String schemaName;
    private final Class<?> payloadClass;

    EventType(String type, String topic, String schemaName, Class<?> payloadClass) {
        this.type = type;
        this.topic = topic;
        this.schemaName = schemaName;
        this.payloadClass = payloadClass;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    /** Classpath location of the payload's JSON Schema. */
    public String schemaResource() {
        return "schemas/" + schemaName + ".json";
    }

    public String schemaName() {
        return schemaName;
    }

    public Class<?> payloadClass() {
        return payloadClass;
    }

    public static Optional<EventType> fromType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    public static EventType of(Class<?> payloadClass) {
        return Arrays.stream(values()).filter(t -> t.payloadClass == payloadClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(payloadClass.getName() + " is not an event payload"));
    }
}
