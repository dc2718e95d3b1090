package id.graduasi.mentoring.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.contract.WorkerAssigned;
import id.graduasi.events.outbox.Lane;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.NativeSql;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.mentoring.domain.CaseAssignment;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.WorkerArea;
import id.graduasi.security.AuditLog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Gives cases to the least-loaded active worker covering their village, race-safely.
 * <p>
 * Load is a worker's OPEN and MONITORING cases relative to their capacity; ties go to the worker with fewer
 * cases, then to the smaller username. Capacity weighs the choice but is not a hard stop: a case whose only
 * covering workers are full still gets the least-loaded of them (an unvisited family is worse than a long
 * caseload; the worker's {@code caseCount} above {@code capacity} shows it).
 * <p>
 * Every chooser takes, in one sorted call (so no deadlock), the advisory lock of each district its cases lie in
 * and of each candidate worker, then reads the candidates' loads: two cases opened at once in the same area
 * never both see the same worker as the least loaded. A new or re-activated worker takes the district locks of
 * its areas before it looks for unassigned cases, so a case opened meanwhile is either seen by the worker or
 * sees the worker (never neither). Lock order: districts, then workers (one sorted call, "area" sorts before
 * "worker"), then case rows and households (the outbox locks the household) — so every lock is taken before any
 * outbox row is appended in the transaction.
 */
@ApplicationScoped
public class AssignmentService {

    private final OutboxWriter outbox;
    private final AuditLog audit;

    public AssignmentService(OutboxWriter outbox, AuditLog audit) {
        this.outbox = outbox;
        this.audit = audit;
    }

    /** A worker that may take cases, with the areas covered and the cases carried (counting planned ones). */
    static final class Candidate {
        final UUID id;
        final String username;
        final int capacity;
        final Set<String> areas = new HashSet<>();
        long load;

        Candidate(UUID id, String username, int capacity, long load) {
            this.id = id;
            this.username = username;
            this.capacity = capacity;
            this.load = load;
        }

        boolean covers(String villageCode) {
            return areas.contains(villageCode) || areas.contains(WorkerArea.districtOf(villageCode));
        }
    }

    /** Least load relative to capacity (compared exactly, by cross-multiplying), then fewer cases, then name. */
    static final Comparator<Candidate> LEAST_LOADED = (a, b) -> {
        int byRatio = Long.compare(a.load * b.capacity, b.load * a.capacity);
        if (byRatio != 0) {
            return byRatio;
        }
        int byLoad = Long.compare(a.load, b.load);
        return byLoad != 0 ? byLoad : a.username.compareTo(b.username);
    };

    /**
     * Locks the districts of these cases, then their candidate workers (with the extra lock keys, which must be
     * worker locks), then chooses a worker for each case in the order given, counting earlier choices in the
     * load. Call inside a transaction, before any outbox append.
     *
     * @return case id to chosen worker id; cases no active worker covers are absent
     */
    public Uni<Map<UUID, UUID>> plan(List<MentoringCase> cases, UUID excludedWorker, Collection<String> extraLocks) {
        if (cases.isEmpty()) {
            return TransactionLocks.lockAll(extraLocks).replaceWith(Map.of());
        }
        Set<String> areas = new HashSet<>();
        for (MentoringCase c : cases) {
            areas.add(c.villageCode);
            areas.add(WorkerArea.districtOf(c.villageCode));
        }
        String[] areaArray = areas.toArray(String[]::new);
        List<String> districtLocks = cases.stream().map(c -> areaLock(WorkerArea.districtOf(c.villageCode)))
                .distinct().toList();
        // Districts first, then who covers them: a worker committed while we waited is a candidate.
        return TransactionLocks.lockAll(districtLocks)
                .chain(() -> NativeSql.rows("""
                        select distinct cast(a.worker_id as text) from worker_area a
                        join social_worker w on w.id = a.worker_id and w.status = 'ACTIVE'
                        where a.area_code = any(cast(?1 as text[]))""", (Object) areaArray))
                .chain(rows -> {
                    List<String> workerIds = rows.stream().map(row -> (String) row[0])
                            .filter(id -> excludedWorker == null || !id.equals(excludedWorker.toString())).toList();
                    List<String> locks = new ArrayList<>(extraLocks);
                    workerIds.forEach(id -> locks.add(workerLock(UUID.fromString(id))));
                    return TransactionLocks.lockAll(locks).chain(() -> candidates(workerIds));
                })
                .map(candidates -> {
                    Map<UUID, UUID> plan = new LinkedHashMap<>();
                    for (MentoringCase c : cases) {
                        candidates.stream().filter(w -> w.covers(c.villageCode)).min(LEAST_LOADED).ifPresent(w -> {
                            w.load++;
                            plan.put(c.id, w.id);
                        });
                    }
                    return plan;
                });
    }

    /**
     * Reads, under the locks, which candidates are still active, their loads and their areas.
     */
    private Uni<List<Candidate>> candidates(List<String> workerIds) {
        if (workerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] ids = workerIds.toArray(String[]::new);
        return NativeSql.rows("""
                        select cast(w.id as text), w.username, w.capacity,
                               (select count(*) from mentoring_case c
                                where c.worker_id = w.id and c.status in ('OPEN', 'MONITORING'))
                        from social_worker w
                        where w.id = any(cast(cast(?1 as text[]) as uuid[])) and w.status = 'ACTIVE'""",
                        (Object) ids)
                        .chain(rows -> {
                            Map<UUID, Candidate> byId = new HashMap<>();
                            for (Object[] row : rows) {
                                UUID id = UUID.fromString((String) row[0]);
                                byId.put(id, new Candidate(id, (String) row[1], ((Number) row[2]).intValue(),
                                        ((Number) row[3]).longValue()));
                            }
                            return NativeSql.rows("""
                                    select cast(worker_id as text), area_code from worker_area
                                    where worker_id = any(cast(cast(?1 as text[]) as uuid[]))""", (Object) ids)
                                    .map(areas -> {
                                        for (Object[] area : areas) {
                                            Candidate c = byId.get(UUID.fromString((String) area[0]));
                                            if (c != null) {
                                                c.areas.add((String) area[1]);
                                            }
                                        }
                                        return List.copyOf(byId.values());
                                    });
                        });
    }

    /**
     * Applies a plan: each planned case gets its worker, a history row and a WorkerAssigned event (in list order).
     * Cases of the list without a worker in the plan are left as they are.
     */
    public Uni<Void> apply(List<MentoringCase> cases, Map<UUID, UUID> plan, String reason, String by) {
        return apply(cases, plan, reason, by, null);
    }

    /** The same, with the events in the relay's {@code lane} (null: as {@link OutboxWriter#appendAll} chooses). */
    public Uni<Void> apply(List<MentoringCase> cases, Map<UUID, UUID> plan, String reason, String by, Lane lane) {
        List<MentoringCase> assigned = new ArrayList<>();
        List<CaseAssignment> rows = new ArrayList<>();
        List<WorkerAssigned> events = new ArrayList<>();
        for (MentoringCase c : cases) {
            UUID worker = plan.get(c.id);
            if (worker != null) {
                CaseAssignment row = assignment(c, worker, reason, by);
                assigned.add(c);
                rows.add(row);
                events.add(announcement(c, row));
            }
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Rows and events together: a backlog of registrations assigns hundreds of cases per batch.
        return CaseAssignment.persist(rows).chain(() -> outbox.appendAll(events, lane))
                .chain(() -> Multi.createFrom().range(0, rows.size())
                        .onItem().transformToUniAndConcatenate(i -> audited(assigned.get(i), rows.get(i)))
                        .collect().last())
                .replaceWithVoid();
    }

    /**
     * Gives the case to {@code worker} (the caller holds that worker's lock, or does not care about balance). An
     * assignment a person caused (a reassignment, a worker created, changed, leaving or back) is audited as a change
     * of the household; one the system made while consuming an event is not: the event itself is the record.
     */
    public Uni<Void> assign(MentoringCase mentoringCase, UUID worker, String reason, String by) {
        CaseAssignment row = assignment(mentoringCase, worker, reason, by);
        return row.persist()
                .chain(() -> outbox.append(announcement(mentoringCase, row)))
                .chain(() -> audited(mentoringCase, row));
    }

    /** Records the assignment on the case. @return its history row, to persist */
    private static CaseAssignment assignment(MentoringCase mentoringCase, UUID worker, String reason, String by) {
        CaseAssignment row = new CaseAssignment();
        row.id = TimeOrderedIds.next();
        row.caseId = mentoringCase.id;
        row.householdId = mentoringCase.householdId;
        row.workerId = worker;
        row.previousWorkerId = mentoringCase.workerId;
        row.reason = reason;
        row.assignedBy = by;
        row.assignedAt = CaseService.now();
        mentoringCase.workerId = worker;
        mentoringCase.assignedAt = row.assignedAt;
        return row;
    }

    private static WorkerAssigned announcement(MentoringCase mentoringCase, CaseAssignment row) {
        return new WorkerAssigned(mentoringCase.id, mentoringCase.householdId, mentoringCase.villageCode,
                row.workerId, row.previousWorkerId, row.reason, row.assignedAt);
    }

    private Uni<Void> audited(MentoringCase mentoringCase, CaseAssignment row) {
        return CaseAssignment.SYSTEM.equals(row.assignedBy) ? Uni.createFrom().voidItem()
                : audit.record("ASSIGN", "case", mentoringCase.id, mentoringCase.householdId,
                        mentoringCase.villageCode, "worker " + row.previousWorkerId + " -> " + row.workerId
                                + ", reason " + row.reason).replaceWithVoid();
    }

    /** The lock of a district: case assignment and workers picking up unassigned cases there are serialized. */
    public static String areaLock(String district) {
        return "mentoring:area:" + district;
    }

    public static String workerLock(UUID worker) {
        return "mentoring:worker:" + worker;
    }
}
