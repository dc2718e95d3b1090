package id.graduasi.graduation.service;

import id.graduasi.events.contract.GraduationDecidedV2;
import id.graduasi.events.contract.GraduationRevertedV2;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.graduation.domain.Evaluation;
import id.graduasi.graduation.domain.GraduationDecision;
import io.smallrye.mutiny.Uni;

/**
 * A decision's events, appended in the caller's transaction. v2 says what the decision means (outcome, effective
 * date, end of monitoring) so that no other service needs to know what a pathway is. v1 is retired: every consumer
 * acts on v2, so it is no longer published (docs/events.md, schema evolution rule 3).
 */
final class DecisionEvents {

    private DecisionEvents() {
    }

    static GraduationDecidedV2.Outcome outcome(GraduationDecision d) {
        return d.pathway.isGraduation() ? GraduationDecidedV2.Outcome.GRADUATED : GraduationDecidedV2.Outcome.EXITED;
    }

    static Uni<Void> decided(OutboxWriter outbox, GraduationDecision d, Integer criteriaVersion) {
        GraduationDecidedV2.Outcome outcome = outcome(d);
        return outbox.append(new GraduationDecidedV2(d.id, d.householdId, d.villageCode, outcome, d.decidedOn,
                outcome == GraduationDecidedV2.Outcome.GRADUATED ? d.monitoringUntil : null, d.pathway.name(),
                criteriaVersion, d.reasonCode, d.decidedOn, d.decidedSequence)).replaceWithVoid();
    }

    /** Call after the decision's revertedOn, revertReasonCode and revertedSequence are set. */
    static Uni<Void> reverted(OutboxWriter outbox, GraduationDecision d) {
        Uni<Integer> criteriaVersion = d.evaluationId == null ? Uni.createFrom().nullItem()
                : Evaluation.<Evaluation>findById(d.evaluationId).map(e -> e == null ? null : e.criteriaVersionId);
        return criteriaVersion.chain(version -> outbox.append(new GraduationRevertedV2(d.id, d.householdId,
                d.villageCode, outcome(d), d.revertedOn, d.pathway.name(), version, d.revertReasonCode, d.revertedOn,
                d.revertedSequence))).replaceWithVoid();
    }
}
