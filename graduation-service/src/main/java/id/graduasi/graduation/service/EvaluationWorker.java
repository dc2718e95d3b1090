package id.graduasi.graduation.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.graduation.domain.Evaluation;
import id.graduasi.graduation.domain.EvaluationJob;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.graduation.security.HouseholdScope;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.AuditLog;
import id.graduasi.security.RegionScope;
import id.graduasi.events.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Evaluation in the background. Events only mark a household dirty (in the consumer's transaction, which is
 * cheap); each round re-evaluates a batch of households dirty for longer than the debounce, so a burst of events
 * for one household gives one evaluation. Batch jobs (a region prefix and/or a registration cohort) advance a
 * batch per round and report their progress. Rows are claimed with SKIP LOCKED, so replicas share the work.
 */
@ApplicationScoped
public class EvaluationWorker {

    private static final Logger LOG = Logger.getLogger(EvaluationWorker.class);

    /** What a job covers: ACTIVE households with no decision in force, within its region and cohort. */
    private static final String JOB_FILTER = """
            registry_status = 'ACTIVE' and decision_status is null
            and (cast(?1 as text) is null or village_code like cast(?1 as text) || '%')
            and (cast(?2 as integer) is null or extract(year from registered_on) = cast(?2 as integer))""";

    private final EvaluationService evaluations;
    private final CriteriaService criteria;
    private final int batchSize;
    private final Duration debounce;
    private final AuditLog audit;

    public EvaluationWorker(EvaluationService evaluations, CriteriaService criteria, AuditLog audit,
            @ConfigProperty(name = "graduasi.graduation.evaluation.batch-size", defaultValue = "50") int batchSize,
            @ConfigProperty(name = "graduasi.graduation.evaluation.debounce", defaultValue = "PT5S")
            Duration debounce) {
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("graduasi.graduation.evaluation.batch-size must be 1-1000");
        }
        this.evaluations = evaluations;
        this.criteria = criteria;
        this.batchSize = batchSize;
        this.debounce = debounce;
        this.audit = audit;
    }

    @Scheduled(every = "${graduasi.graduation.evaluation.interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> round() {
        return reevaluateDirty().chain(this::advanceJobs)
                .onFailure().invoke(e -> LOG.warnf("evaluation round failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * @return how many households were re-evaluated. Each in a transaction of its own, so a household that
     *         cannot be evaluated (logged, and tried again next round) does not hold the others back.
     */
    public Uni<Integer> reevaluateDirty() {
        return Panache.withSession(() -> NativeSql.rows("""
                select cast(household_id as text) from household_view
                where dirty_since is not null and dirty_since <= ?1
                order by dirty_since limit ?2""", Instant.now().minus(debounce), batchSize))
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<UUID> ids = rows.stream().map(r -> UUID.fromString(r[0].toString())).toList();
                    return Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(this::reevaluate)
                            .collect().asList().map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
                });
    }

    private Uni<Boolean> reevaluate(UUID householdId) {
        return Panache.withTransaction(() -> NativeSql.rows("""
                select 1 from household_view where household_id = ?1 and dirty_since is not null
                for update skip locked""", householdId)
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(false)
                        : criteria.current().chain(version -> HouseholdView.<HouseholdView>findById(householdId)
                                .chain(view -> {
                                    view.dirtySince = null;
                                    return evaluations.evaluate(view, version, Evaluation.Trigger.EVENT, null, null);
                                })).replaceWith(true)))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("household %s could not be re-evaluated, will retry: %s", householdId, e.toString());
                    return false;
                });
    }

    /**
     * A job a person starts: its region must lie inside the caller's regions, and a job without one (every
     * region) needs regions [*] (403 otherwise). The evaluations it makes are the worker's, under the job's id:
     * the audit log records the start.
     */
    @WithTransaction
    public Uni<EvaluationJob> createJob(String regionPrefix, Integer cohort, String actor, RegionScope scope) {
        HouseholdScope.requireCovered(regionPrefix, scope, "regionPrefix");
        return NativeSql.rows("select count(*) from household_view where " + JOB_FILTER, regionPrefix, cohort)
                .chain(rows -> {
                    EvaluationJob job = new EvaluationJob();
                    job.id = TimeOrderedIds.next();
                    job.regionPrefix = regionPrefix;
                    job.cohort = cohort;
                    job.status = "RUNNING";
                    job.total = ((Number) rows.get(0)[0]).intValue();
                    job.createdBy = actor;
                    job.createdAt = Instant.now();
                    return job.<EvaluationJob>persist().call(() -> audit.record("START_EVALUATION_JOB",
                            "evaluation-job", job.id, null, regionPrefix, "evaluation job " + job.id + " over "
                                    + (regionPrefix == null ? "every region" : "region " + regionPrefix)
                                    + (cohort == null ? "" : ", cohort " + cohort) + ": " + job.total
                                    + " households"));
                });
    }

    /** The job if it lies inside the caller's regions (one over every region needs [*]); else 404. */
    @WithSession
    public Uni<EvaluationJob> job(UUID id, RegionScope scope) {
        return EvaluationJob.<EvaluationJob>findById(id).map(job -> {
            if (job == null || (job.regionPrefix == null ? !scope.unrestricted() : !scope.allows(job.regionPrefix))) {
                throw ProblemException.notFound("evaluation job", id);
            }
            return job;
        });
    }

    /** One batch of one running job per round (the oldest job first). */
    Uni<Void> advanceJobs() {
        return Panache.withTransaction(() -> NativeSql.rows("""
                select cast(id as text) from evaluation_job where status = 'RUNNING'
                order by created_at limit 1 for update skip locked""").chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return EvaluationJob.<EvaluationJob>findById(UUID.fromString(rows.get(0)[0].toString()))
                    .chain(this::advance);
        }));
    }

    private Uni<Void> advance(EvaluationJob job) {
        return NativeSql.rows("select cast(household_id as text) from household_view where " + JOB_FILTER
                + " and (cast(?3 as uuid) is null or household_id > cast(?3 as uuid))"
                + " order by household_id limit ?4 for update skip locked",
                job.regionPrefix, job.cohort, job.cursorId == null ? null : job.cursorId.toString(), batchSize)
                .chain(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(UUID.fromString(r[0].toString())));
                    return criteria.current().chain(version -> Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(id -> HouseholdView.<HouseholdView>findById(id)
                                    .chain(view -> evaluations.evaluate(view, version, Evaluation.Trigger.BATCH,
                                            job.id, job.createdBy)))
                            .collect().asList())
                            .invoke(done -> {
                                job.done += done.size();
                                job.met += (int) done.stream().filter(d -> d.result().metPathway() != null).count();
                                if (!ids.isEmpty()) {
                                    job.cursorId = ids.get(ids.size() - 1);
                                }
                                if (ids.size() < batchSize) {
                                    job.status = "DONE";
                                    job.finishedAt = Instant.now();
                                }
                            }).replaceWithVoid();
                });
    }
}
