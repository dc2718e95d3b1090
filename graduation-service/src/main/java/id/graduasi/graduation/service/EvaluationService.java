package id.graduasi.graduation.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.graduation.config.PovertyLines;
import id.graduasi.graduation.domain.Evaluation;
import id.graduasi.graduation.domain.EvaluationResult;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.graduation.domain.Snapshot;
import id.graduasi.graduation.repository.FactsRepository;
import id.graduasi.graduation.security.HouseholdScope;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.AuditLog;
import id.graduasi.security.RegionScope;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Evaluates households: freezes what graduation knows of the household into a snapshot, evaluates it against
 * the current criteria version, and stores snapshot, version and result together, so that the evaluation can
 * be replayed and explained later.
 */
@ApplicationScoped
public class EvaluationService {

    /** An evaluation with its result read back. */
    public record Evaluated(Evaluation evaluation, EvaluationResult result) {
    }

    /** A replay: the stored result, the result computed again from the stored snapshot and version. */
    public record Replay(UUID evaluationId, int criteriaVersionId, boolean identical, JsonNode stored,
            JsonNode replayed) {
    }

    private final FactsRepository facts;
    private final PovertyLines povertyLines;
    private final CriteriaService criteria;
    private final ObjectMapper mapper;
    private final AuditLog audit;

    public EvaluationService(FactsRepository facts, PovertyLines povertyLines, CriteriaService criteria,
            ObjectMapper mapper, AuditLog audit) {
        this.facts = facts;
        this.povertyLines = povertyLines;
        this.criteria = criteria;
        this.mapper = mapper;
        this.audit = audit;
    }

    /** An evaluation a person asked for: 404 outside {@code scope}; audited in the same transaction. */
    @WithTransaction
    public Uni<Evaluated> evaluateNow(UUID householdId, String actor, RegionScope scope) {
        return HouseholdView.locked(householdId)
                .map(view -> HouseholdScope.check(view, scope, "household", householdId))
                .chain(view -> criteria.current()
                        .chain(version -> evaluate(view, version, Evaluation.Trigger.ON_DEMAND, null, actor))
                        .call(e -> audit.record("EVALUATE", "evaluation", e.evaluation().id, householdId,
                                view.villageCode, "evaluated against criteria version "
                                        + e.evaluation().criteriaVersionId + ": "
                                        + (e.evaluation().metPathway == null ? "no pathway met"
                                                : e.evaluation().metPathway + " met"))));
    }

    /** Evaluates inside the caller's transaction and records the result on the readiness view. */
    public Uni<Evaluated> evaluate(HouseholdView view, CriteriaService.Version version, Evaluation.Trigger trigger,
            UUID jobId, String actor) {
        LocalDate asOf = LocalDate.now(ZoneOffset.UTC);
        return facts.facts(view.householdId).chain(f -> {
            Snapshot snapshot = new Snapshot(view.householdId, asOf, view.villageCode, view.registryStatus,
                    view.registeredOn, f.observations, f.members, f.enrollments, f.aid, f.latestAssessment,
                    f.sessions, f.latestRecommendation,
                    view.villageCode == null ? List.of() : povertyLines.ofProvince(view.villageCode.substring(0, 2)));
            EvaluationResult result = Evaluator.evaluate(snapshot, version.criteria());
            Evaluation e = new Evaluation();
            e.id = TimeOrderedIds.next();
            e.householdId = view.householdId;
            e.criteriaVersionId = version.id();
            e.asOf = asOf;
            e.trigger = trigger;
            e.jobId = jobId;
            e.requestedBy = actor;
            e.evaluatedAt = Instant.now();
            e.metPathway = result.metPathway() == null ? null : result.metPathway().name();
            e.snapshot = json(snapshot);
            e.result = json(result);
            view.lastEvaluationId = e.id;
            view.metPathway = e.metPathway;
            return e.persist().replaceWith(new Evaluated(e, result));
        });
    }

    /** The readiness view and what graduation knows of the household today, as an evaluation would see it. */
    public record Readiness(HouseholdView view, Snapshot facts) {
    }

    @WithSession
    public Uni<Readiness> readiness(UUID householdId, RegionScope scope) {
        LocalDate asOf = LocalDate.now(ZoneOffset.UTC);
        return HouseholdScope.require(householdId, scope, "household", householdId)
                .chain(view -> facts.facts(householdId).map(f -> new Readiness(view, new Snapshot(householdId, asOf,
                        view.villageCode, view.registryStatus, view.registeredOn, f.observations, f.members,
                        f.enrollments, f.aid, f.latestAssessment, f.sessions, f.latestRecommendation,
                        view.villageCode == null ? List.of()
                                : povertyLines.ofProvince(view.villageCode.substring(0, 2))))));
    }

    /** The evaluation if it exists and its household lies in {@code scope}; else 404. */
    @WithSession
    public Uni<Evaluation> get(UUID id, RegionScope scope) {
        return Evaluation.<Evaluation>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("evaluation", id))
                .call(e -> HouseholdScope.village(e.householdId, scope, "evaluation", id));
    }

    @WithSession
    public Uni<List<Evaluation>> ofHousehold(UUID householdId, int limit, RegionScope scope) {
        return HouseholdScope.require(householdId, scope, "household", householdId)
                .chain(() -> Evaluation.latestOf(householdId, limit));
    }

    /** Evaluates the stored snapshot again against the stored version: the same result, or a bug. */
    @WithSession
    public Uni<Replay> replay(UUID id, RegionScope scope) {
        return get(id, scope).chain(e -> criteria.byId(e.criteriaVersionId).map(version -> {
            Snapshot snapshot = read(e.snapshot, Snapshot.class);
            EvaluationResult again = Evaluator.evaluate(snapshot, version.criteria());
            JsonNode stored = tree(e.result);
            JsonNode replayed = tree(json(again));
            return new Replay(e.id, e.criteriaVersionId, stored.equals(replayed), stored, replayed);
        }));
    }

    public EvaluationResult result(Evaluation e) {
        return read(e.result, EvaluationResult.class);
    }

    public JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " cannot be read: " + e, e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
