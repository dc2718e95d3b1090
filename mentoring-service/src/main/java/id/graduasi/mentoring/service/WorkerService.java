package id.graduasi.mentoring.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.mentoring.domain.CaseAssignment;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.SocialWorker;
import id.graduasi.mentoring.domain.WorkerArea;
import id.graduasi.mentoring.domain.WorkerStatus;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Social workers and their caseloads: a new or re-activated worker picks up the unassigned cases of the areas
 * covered (balanced with the other covering workers); a worker who leaves has every case redistributed.
 */
@ApplicationScoped
public class WorkerService {

    private static final List<CaseStatus> ACTIVE_CASES = List.of(CaseStatus.OPEN, CaseStatus.MONITORING);

    /**
     * The most cases one change of a worker moves (each kind: handed over, picked up), as many as the largest
     * capacity: the rest move when the change is made again (mentoring-service README, "Bounded lists").
     */
    public static final int CASES_PER_CHANGE = 10_000;
    private static final String WORKER = "social_worker";

    /** A worker with the areas covered and the OPEN and MONITORING cases carried. */
    public record WorkerDetails(SocialWorker worker, List<String> areas, long caseCount) {
    }

    private final AssignmentService assignments;
    private final MentoringAccess access;

    public WorkerService(AssignmentService assignments, MentoringAccess access) {
        this.assignments = assignments;
        this.access = access;
    }

    /** A new worker; every area must lie in the caller's regions (403). */
    @WithTransaction
    public Uni<WorkerDetails> create(String username, int capacity, Set<String> areas) {
        access.requireAreasWritable("areas", areas);
        String by = access.caller().id();
        return SocialWorker.byUsername(username).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ProblemException.conflict("username",
                        "a social worker with this username exists: " + existing.id));
            }
            SocialWorker worker = new SocialWorker();
            worker.id = TimeOrderedIds.next();
            worker.username = username;
            worker.capacity = capacity;
            worker.status = WorkerStatus.ACTIVE;
            worker.createdBy = by;
            worker.createdAt = CaseService.now();
            List<WorkerArea> rows = new TreeSet<>(areas).stream().map(a -> WorkerArea.of(worker.id, a)).toList();
            return worker.persist()
                    .chain(() -> WorkerArea.persist(rows))
                    .chain(() -> worker.flush())
                    .chain(() -> assignUnassigned(new TreeSet<>(areas), worker.id, by))
                    .chain(() -> access.audit("REGISTER", WORKER, worker.id, null, MentoringAccess.regionOf(areas),
                            "status ACTIVE, capacity " + capacity + ", areas " + new TreeSet<>(areas)))
                    .chain(() -> details(worker));
        });
    }

    /** A worker with an area in the caller's regions, else 404. */
    @WithSession
    public Uni<WorkerDetails> get(UUID id) {
        return visible(id).chain(this::details);
    }

    /**
     * Workers with an area in the region (a prefix of area codes: 64.72 lists the workers of every district of
     * that regency), by username, with their areas and case counts; INACTIVE ones only if asked.
     */
    @WithSession
    public Uni<List<WorkerDetails>> inRegion(String regionPrefix, boolean includeInactive, String afterUsername,
            int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("after", afterUsername == null ? "" : afterUsername);
        params.put("active", ACTIVE_CASES);
        params.put("prefix", regionPrefix + "%");
        params.put("activeWorker", WorkerStatus.ACTIVE);
        params.put("all", includeInactive);
        String visible = access.workerVisible("w", params);
        return Panache.getSession().chain(session -> {
                    var query = session.createSelectionQuery("""
                            select w, (select count(c) from MentoringCase c where c.workerId = w.id and c.status in :active)
                            from SocialWorker w
                            where exists (select 1 from WorkerArea a where a.workerId = w.id and a.areaCode like :prefix)
                              and (w.status = :activeWorker or :all = true) and w.username > :after"""
                            + (visible == null ? "" : " and " + visible) + " order by w.username", Object[].class);
                    params.forEach(query::setParameter);
                    return query.setMaxResults(limit).getResultList();
                })
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(List.<WorkerDetails>of());
                    }
                    List<UUID> ids = rows.stream().map(r -> ((SocialWorker) r[0]).id).toList();
                    return WorkerArea.<WorkerArea>find("workerId in ?1 order by areaCode", ids).list()
                            .map(areas -> rows.stream().map(r -> {
                                SocialWorker w = (SocialWorker) r[0];
                                return new WorkerDetails(w, areas.stream().filter(a -> a.workerId.equals(w.id))
                                        .map(a -> a.areaCode).toList(), ((Number) r[1]).longValue());
                            }).toList());
                });
    }

    /** The worker the token's user is (the field app's /me); 403 when the user is not a registered worker. */
    @WithSession
    public Uni<SocialWorker> me() {
        return access.actingWorker();
    }

    /**
     * The worker leaves: status INACTIVE, and every OPEN or MONITORING case goes to the least-loaded other active
     * worker covering its village (WorkerAssigned with reason WORKER_LEFT). A case no other worker covers becomes
     * unassigned until one does. At most {@link #CASES_PER_CHANGE} cases move in one call: deactivating an
     * inactive worker who still holds cases moves the next ones; one who holds none changes nothing.
     */
    @WithTransaction
    public Uni<WorkerDetails> deactivate(UUID id) {
        String by = access.caller().id();
        return manageable(id).chain(worker -> MentoringCase.<MentoringCase>find(
                        "workerId = ?1 and status in ?2 order by id", id, ACTIVE_CASES).page(0, CASES_PER_CHANGE).list()
                .chain(cases -> {
                    boolean leaving = worker.status == WorkerStatus.ACTIVE;
                    if (!leaving && cases.isEmpty()) {
                        return details(worker);
                    }
                    return assignments.plan(cases, id, List.of(AssignmentService.workerLock(id)))
                            .chain(plan -> {
                                worker.status = WorkerStatus.INACTIVE;
                                return assignments.apply(cases, plan, CaseAssignment.WORKER_LEFT, by)
                                        .chain(() -> unassignUnplanned(cases, plan));
                            })
                            .chain(() -> worker.flush())
                            .chain(() -> areas(id))
                            .chain(areas -> access.audit("DEACTIVATE", WORKER, id, null,
                                    MentoringAccess.regionOf(areas), leaving ? "status ACTIVE -> INACTIVE"
                                            : "status INACTIVE, " + cases.size() + " more cases handed over"))
                            .chain(() -> details(worker));
                }));
    }

    /**
     * New capacity and areas. An active worker hands the cases the new areas no longer cover to the least-loaded
     * other covering worker (WorkerAssigned, reason REASSIGNED; unassigned if nobody covers them), and picks up the
     * unassigned cases of the new areas (balanced, reason BALANCED). One plan for both, after the areas changed,
     * so every lock is taken in order: all the districts involved, then the workers.
     */
    @WithTransaction
    public Uni<WorkerDetails> update(UUID id, int capacity, Set<String> areas) {
        access.requireAreasWritable("areas", areas);
        String by = access.caller().id();
        List<String> areaList = List.copyOf(areas);
        // Only the cases the new areas leave uncovered: the districts of the others are among the new areas'.
        return manageable(id).chain(worker -> areas(id).chain(before -> MentoringCase.<MentoringCase>find(
                        "workerId = ?1 and status in ?2 and villageCode not in ?3"
                                + " and substring(villageCode, 1, 8) not in ?3 order by id", id, ACTIVE_CASES, areaList)
                .page(0, CASES_PER_CHANGE).list()
                .chain(uncovered -> {
                    Set<String> districts = new TreeSet<>();
                    areas.forEach(a -> districts.add(WorkerArea.districtOf(a)));
                    uncovered.forEach(c -> districts.add(WorkerArea.districtOf(c.villageCode)));
                    List<WorkerArea> rows = new TreeSet<>(areas).stream().map(a -> WorkerArea.of(id, a)).toList();
                    String summary = "capacity " + worker.capacity + " -> " + capacity + ", areas " + before + " -> "
                            + new TreeSet<>(areas);
                    worker.capacity = capacity;
                    return TransactionLocks.lockAll(districts.stream().map(AssignmentService::areaLock).toList())
                            .chain(() -> WorkerArea.delete("workerId", id))
                            .chain(() -> WorkerArea.persist(rows))
                            .chain(() -> worker.flush())
                            .chain(() -> worker.status != WorkerStatus.ACTIVE ? Uni.createFrom().voidItem()
                                    : unassignedIn(new TreeSet<>(areas)).chain(waiting -> {
                                        List<MentoringCase> all = new ArrayList<>(uncovered);
                                        all.addAll(waiting);
                                        return all.isEmpty() ? Uni.createFrom().voidItem()
                                                : assignments.plan(all, null, List.of(AssignmentService.workerLock(id)))
                                                        .chain(plan -> assignments.apply(uncovered, plan,
                                                                        CaseAssignment.REASSIGNED, by)
                                                                .chain(() -> unassignUnplanned(uncovered, plan))
                                                                .chain(() -> assignments.apply(waiting, plan,
                                                                        CaseAssignment.BALANCED, by)));
                                    }))
                            .chain(() -> worker.flush())
                            .chain(() -> access.audit("UPDATE", WORKER, id, null,
                                    MentoringAccess.regionOf(new TreeSet<>(areas)), summary))
                            .chain(() -> details(worker));
                })));
    }

    /** An inactive worker comes back and picks up the unassigned cases of the areas covered (balanced). */
    @WithTransaction
    public Uni<WorkerDetails> activate(UUID id) {
        String by = access.caller().id();
        return manageable(id).chain(worker -> {
            if (worker.status == WorkerStatus.ACTIVE) {
                return details(worker);
            }
            worker.status = WorkerStatus.ACTIVE;
            return worker.flush()
                    .chain(() -> areas(id))
                    .chain(areas -> assignUnassigned(new TreeSet<>(areas), id, by)
                            .chain(() -> access.audit("ACTIVATE", WORKER, id, null, MentoringAccess.regionOf(areas),
                                    "status INACTIVE -> ACTIVE")))
                    .chain(() -> details(worker));
        });
    }

    /** A supervisor gives a case to another active worker (reason REASSIGNED); the same worker changes nothing. */
    @WithTransaction
    public Uni<MentoringCase> reassign(UUID caseId, UUID workerId) {
        String by = access.caller().id();
        return access.caseInScope(caseId)
                .chain(mentoringCase -> visible(workerId).chain(worker -> {
                    if (mentoringCase.status == CaseStatus.CLOSED) {
                        return Uni.createFrom().failure(ProblemException.conflict("the case is CLOSED"));
                    }
                    if (worker.status != WorkerStatus.ACTIVE) {
                        return Uni.createFrom().failure(ProblemException.conflict("workerId",
                                "social worker " + workerId + " is INACTIVE"));
                    }
                    if (workerId.equals(mentoringCase.workerId)) {
                        return Uni.createFrom().item(mentoringCase);
                    }
                    return TransactionLocks.lock(AssignmentService.workerLock(workerId))
                            .chain(() -> assignments.assign(mentoringCase, workerId, CaseAssignment.REASSIGNED, by))
                            .replaceWith(mentoringCase);
                }));
    }

    @WithSession
    public Uni<List<CaseAssignment>> history(UUID caseId) {
        return access.caseInScope(caseId)
                .chain(c -> CaseAssignment.<CaseAssignment>find("caseId = ?1 order by assignedAt desc, id desc", caseId)
                        .page(0, ListBounds.MAX_ROWS).list().map(ListBounds::oldestFirst));
    }

    /**
     * A worker (visible to the caller, else 404) and a page of its OPEN and MONITORING cases in the caller's
     * regions.
     */
    @WithSession
    public Uni<List<MentoringCase>> caseload(UUID workerId, CasePosition after, int limit) {
        return visible(workerId).chain(worker -> caseload(worker, after, limit));
    }

    /** A page of the worker's OPEN and MONITORING cases in the caller's regions, by village then household. */
    @WithSession
    public Uni<List<MentoringCase>> caseload(SocialWorker worker, CasePosition after, int limit) {
        Map<String, Object> params = new HashMap<>(Map.of("worker", worker.id, "active", ACTIVE_CASES));
        String scoped = access.scope().condition("villageCode", "scope", params);
        return MentoringCase.<MentoringCase>find("workerId = :worker and status in :active"
                + (scoped == null ? "" : " and " + scoped) + CasePosition.after(after, params)
                + " order by villageCode, householdId", params).page(0, limit).list();
    }

    /**
     * A page of the cases in the areas no active worker covers yet (OPEN or MONITORING, without a worker), in the
     * caller's regions.
     */
    @WithSession
    public Uni<List<MentoringCase>> unassigned(String regionPrefix, CasePosition after, int limit) {
        Map<String, Object> params = new HashMap<>(Map.of("active", ACTIVE_CASES, "prefix", regionPrefix + "%"));
        String scoped = access.scope().condition("villageCode", "scope", params);
        return MentoringCase.<MentoringCase>find("workerId is null and status in :active and villageCode like :prefix"
                + (scoped == null ? "" : " and " + scoped) + CasePosition.after(after, params)
                + " order by villageCode, householdId", params).page(0, limit).list();
    }

    /** A case's place in the (village, household) order of caseloads and unassigned cases: a keyset cursor. */
    public record CasePosition(String villageCode, UUID householdId) {

        public static CasePosition of(MentoringCase c) {
            return new CasePosition(c.villageCode, c.householdId);
        }

        public String text() {
            return villageCode + "|" + householdId;
        }

        /** @throws IllegalArgumentException when the text is not a position */
        public static CasePosition parse(String text) {
            int bar = text.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("not a case position");
            }
            return new CasePosition(text.substring(0, bar), UUID.fromString(text.substring(bar + 1)));
        }

        static String after(CasePosition after, Map<String, Object> params) {
            if (after == null) {
                return "";
            }
            params.put("afterVillage", after.villageCode());
            params.put("afterHousehold", after.householdId());
            return " and (villageCode > :afterVillage or (villageCode = :afterVillage"
                    + " and householdId > :afterHousehold))";
        }
    }

    /** A worker with an area the caller's regions overlap; else 404, as if there were none. */
    @WithSession
    public Uni<SocialWorker> visible(UUID id) {
        return SocialWorker.<SocialWorker>findById(id)
                .chain(w -> w == null ? Uni.createFrom().<SocialWorker>nullItem()
                        : areas(id).map(areas -> access.overlaps(areas) ? w : null))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("social worker", id));
    }

    /** A worker the caller may change: visible (else 404), and every area in the caller's regions (else 403). */
    private Uni<SocialWorker> manageable(UUID id) {
        return visible(id).call(w -> areas(id).invoke(areas -> access.requireAreasWritable("areas", areas)));
    }

    private Uni<List<String>> areas(UUID workerId) {
        // At most 200 a worker (the API's limit); bounded anyway.
        return WorkerArea.<WorkerArea>find("workerId = ?1 order by areaCode", workerId).page(0, ListBounds.MAX_ROWS)
                .list()
                .map(rows -> rows.stream().map(a -> a.areaCode).toList());
    }

    private Uni<WorkerDetails> details(SocialWorker worker) {
        return areas(worker.id).chain(areas -> MentoringCase.count("workerId = ?1 and status in ?2", worker.id,
                ACTIVE_CASES).map(count -> new WorkerDetails(worker, areas, count)));
    }

    /** Balances the unassigned cases of these areas over the active workers covering them (the worker included). */
    private Uni<Void> assignUnassigned(Set<String> areas, UUID worker, String by) {
        // The districts' locks first: a case being opened there now is committed before we look, or waits for us
        // and then sees this worker as a candidate.
        List<String> districtLocks = areas.stream().map(WorkerArea::districtOf).distinct()
                .map(AssignmentService::areaLock).toList();
        return TransactionLocks.lockAll(districtLocks)
                .chain(() -> unassignedIn(areas))
                .chain(cases -> cases.isEmpty() ? Uni.createFrom().voidItem()
                        : assignments.plan(cases, null, List.of(AssignmentService.workerLock(worker)))
                                .chain(plan -> assignments.apply(cases, plan, CaseAssignment.BALANCED, by)));
    }

    /**
     * OPEN and MONITORING cases without a worker in these areas, the longest waiting first, at most
     * {@link #CASES_PER_CHANGE}; call holding the areas' district locks.
     */
    private static Uni<List<MentoringCase>> unassignedIn(Set<String> areas) {
        List<String> villages = new ArrayList<>();
        List<String> districts = new ArrayList<>();
        areas.forEach(a -> (a.length() > 8 ? villages : districts).add(a));
        String query = "workerId is null and status in ?1 and (villageCode in ?2 or substring(villageCode, 1, 8) in ?3)"
                + " order by openedAt, id";
        return MentoringCase.<MentoringCase>find(query, ACTIVE_CASES,
                villages.isEmpty() ? List.of("") : villages, districts.isEmpty() ? List.of("") : districts)
                .page(0, CASES_PER_CHANGE).list();
    }

    /** Cases the plan found no worker for wait unassigned (listed at /api/v1/cases/unassigned); audited. */
    private Uni<Void> unassignUnplanned(List<MentoringCase> cases, Map<UUID, UUID> plan) {
        return Multi.createFrom().iterable(cases.stream().filter(c -> !plan.containsKey(c.id)).toList())
                .onItem().transformToUniAndConcatenate(c -> {
                    UUID previous = c.workerId;
                    c.workerId = null;
                    c.assignedAt = null;
                    return access.audit("UNASSIGN", "case", c.id, c.householdId, c.villageCode,
                            "worker " + previous + " -> none, no other active worker covers " + c.villageCode);
                })
                .collect().last().replaceWithVoid();
    }
}
