package id.graduasi.mentoring.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.VisitRecorded;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.GroupSession;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.SocialWorker;
import id.graduasi.mentoring.domain.Visit;
import id.graduasi.mentoring.domain.VisitKind;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.Problem;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Records home visits and group sessions under the id the field app chose. The id makes a resend harmless:
 * the same id with the same content answers with what was recorded (nothing new is written or published);
 * the same id with different content is a conflict. A home visit fulfils the household's open follow-up.
 * The worker is the token's user, a registered worker (active or not), and the household must be in its caseload
 * now or before (an app syncing late may belong to a worker whose caseload changed meanwhile, and the visit still
 * happened); any other household is a 404. Each visit is audited as a change of its household.
 */
@ApplicationScoped
public class VisitService {

    /** What was recorded under a client id; {@code replayed} when it had been recorded before. */
    public record Recorded(UUID id, VisitKind kind, boolean replayed, List<Visit> visits) {
    }

    private final OutboxWriter outbox;
    private final FollowUpService followUps;
    private final MentoringAccess access;
    private final ObjectMapper mapper;

    public VisitService(OutboxWriter outbox, FollowUpService followUps, MentoringAccess access, ObjectMapper mapper) {
        this.outbox = outbox;
        this.followUps = followUps;
        this.access = access;
        this.mapper = mapper;
    }

    @WithTransaction
    public Uni<Recorded> recordHomeVisit(VisitCommands.HomeVisit command) {
        VisitCommands.Checklist checklist = command.checklist() != null ? command.checklist()
                : VisitCommands.Checklist.NOT_ASKED;
        return notInFuture("visitedOn", command.visitedOn())
                .chain(access::actingWorker)
                .chain(worker -> {
                    String hash = hash(command, worker);
                    return TransactionLocks.lock("mentoring:visit:" + command.id())
                            .chain(() -> Visit.<Visit>findById(command.id()))
                            .chain(existing -> {
                                if (existing != null) {
                                    return replay(existing.requestHash, hash, command.id())
                                            .replaceWith(new Recorded(existing.id, VisitKind.HOME_VISIT, true,
                                                    List.of(existing)));
                                }
                                return GroupSession.<GroupSession>findById(command.id()).chain(session -> session != null
                                        ? Uni.createFrom().failure(usedBefore(command.id()))
                                        : caseOf(worker, command.householdId(), "householdId")
                                                .chain(mentoringCase -> {
                                                    Visit visit = visit(command.id(), null, mentoringCase, worker,
                                                            VisitKind.HOME_VISIT, command.visitedOn(), true, checklist);
                                                    visit.notes = command.notes();
                                                    visit.requestHash = hash;
                                                    return visit.persist()
                                                            .chain(() -> followUps.fulfil(visit))
                                                            .chain(() -> outbox.append(event(visit)))
                                                            .chain(() -> audit(visit))
                                                            .replaceWith(new Recorded(visit.id, VisitKind.HOME_VISIT,
                                                                    false, List.of(visit)));
                                                }));
                            });
                });
    }

    /** One session row and one visit per household invited, each announced as VisitRecorded (attended or not). */
    @WithTransaction
    public Uni<Recorded> recordGroupSession(VisitCommands.GroupSession command) {
        if (!command.kind().isGroup()) {
            return Uni.createFrom().failure(ProblemException.badRequest("kind",
                    "must be P2K2_SESSION or KUBE_MEETING (a home visit is recorded at /api/v1/visits)"));
        }
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < command.attendance().size(); i++) {
            if (!seen.add(command.attendance().get(i).householdId())) {
                return Uni.createFrom().failure(ProblemException.badRequest("attendance[" + i + "].householdId",
                        "is listed twice"));
            }
        }
        access.requireWritable("villageCode", command.villageCode());
        return notInFuture("heldOn", command.heldOn())
                .chain(access::actingWorker)
                .chain(worker -> {
                    String hash = hash(command, worker);
                    return TransactionLocks.lock("mentoring:visit:" + command.id())
                            .chain(() -> GroupSession.<GroupSession>findById(command.id()))
                            .chain(existing -> {
                                if (existing != null) {
                                    return replay(existing.requestHash, hash, command.id())
                                            // As many as the session's attendance (at most 300).
                                            .chain(() -> Visit.<Visit>find("sessionId = ?1", existing.id)
                                                    .page(0, ListBounds.MAX_ROWS).list())
                                            .map(visits -> new Recorded(existing.id, existing.kind, true,
                                                    inAttendanceOrder(visits, command)));
                                }
                                return Visit.<Visit>findById(command.id()).chain(visit -> visit != null
                                        ? Uni.createFrom().failure(usedBefore(command.id()))
                                        : newSession(command, worker, hash));
                            });
                });
    }

    private Uni<Recorded> newSession(VisitCommands.GroupSession command, SocialWorker worker, String hash) {
        List<UUID> households = command.attendance().stream().map(VisitCommands.Attendance::householdId).toList();
        Map<String, Object> params = new HashMap<>(Map.of("households", households, "worker", worker.id));
        String scoped = access.scope().condition("c.villageCode", "scope", params);
        // Only the worker's own caseload (now or before) in the token's regions; any other household reads as absent.
        return MentoringCase.<MentoringCase>list("from MentoringCase c where c.householdId in :households"
                + " and (c.workerId = :worker or exists (select 1 from CaseAssignment a where a.caseId = c.id"
                + " and a.workerId = :worker))" + (scoped == null ? "" : " and " + scoped), params).chain(cases -> {
            Map<UUID, MentoringCase> byHousehold = new HashMap<>();
            cases.forEach(c -> byHousehold.put(c.householdId, c));
            List<Problem.FieldError> errors = new ArrayList<>();
            for (int i = 0; i < households.size(); i++) {
                MentoringCase c = byHousehold.get(households.get(i));
                if (c == null) {
                    errors.add(new Problem.FieldError("attendance[" + i + "].householdId",
                            "has no mentoring case in your caseload"));
                } else if (c.status == CaseStatus.CLOSED) {
                    errors.add(new Problem.FieldError("attendance[" + i + "].householdId", "has a CLOSED case"));
                }
            }
            if (!errors.isEmpty()) {
                boolean missing = errors.stream().anyMatch(e -> e.message().startsWith("has no"));
                return Uni.createFrom().failure(new ProblemException(missing ? 404 : 409,
                        missing ? "Not Found" : "Conflict", errors.get(0).field() + " " + errors.get(0).message(),
                        errors));
            }
            GroupSession session = new GroupSession();
            session.id = command.id();
            session.kind = command.kind();
            session.workerId = worker.id;
            session.villageCode = command.villageCode();
            session.heldOn = command.heldOn();
            session.notes = command.notes();
            session.requestHash = hash;
            session.recordedAt = CaseService.now();
            List<Visit> visits = command.attendance().stream()
                    .map(a -> visit(TimeOrderedIds.next(), session.id, byHousehold.get(a.householdId()), worker,
                            command.kind(), command.heldOn(), a.attended(), VisitCommands.Checklist.NOT_ASKED))
                    .toList();
            return session.persist()
                    .chain(() -> Visit.persist(visits))
                    .chain(() -> outbox.appendAll(visits.stream().map(VisitService::event).toList()))
                    .chain(() -> Multi.createFrom().iterable(visits).onItem()
                            .transformToUniAndConcatenate(this::audit).collect().last())
                    .replaceWith(new Recorded(session.id, session.kind, false, visits));
        });
    }

    @WithSession
    public Uni<List<Visit>> ofHousehold(UUID householdId) {
        return access.readableCase(householdId)
                .chain(c -> Visit.<Visit>find("householdId = ?1 order by visitedOn desc, recordedAt desc", householdId)
                        .page(0, ListBounds.MAX_ROWS).list());
    }

    /** The household's case in the worker's caseload, which must not be CLOSED; 404 naming {@code field} if none. */
    private Uni<MentoringCase> caseOf(SocialWorker worker, UUID householdId, String field) {
        return access.workableCase(worker, householdId, field).chain(c -> {
            if (c.status == CaseStatus.CLOSED) {
                return Uni.createFrom().failure(ProblemException.conflict(field, "the household's case is CLOSED"));
            }
            return Uni.createFrom().item(c);
        });
    }

    private static Uni<Void> replay(String recordedHash, String hash, UUID id) {
        return hash.equals(recordedHash) ? Uni.createFrom().voidItem() : Uni.createFrom().failure(usedBefore(id));
    }

    private static ProblemException usedBefore(UUID id) {
        return ProblemException.conflict("id", "id " + id
                + " was already used for a different visit; a new visit needs a new id");
    }

    /** Dates come from phones in WIB to WIT: a day ahead of UTC is still today somewhere in Indonesia. */
    private static Uni<Void> notInFuture(String field, LocalDate day) {
        return day.isAfter(CaseService.today().plusDays(1))
                ? Uni.createFrom().failure(ProblemException.badRequest(field, "must not be in the future"))
                : Uni.createFrom().voidItem();
    }

    private static List<Visit> inAttendanceOrder(List<Visit> visits, VisitCommands.GroupSession command) {
        Map<UUID, Visit> byHousehold = new HashMap<>();
        visits.forEach(v -> byHousehold.put(v.householdId, v));
        return command.attendance().stream().map(a -> byHousehold.get(a.householdId())).toList();
    }

    private static Visit visit(UUID id, UUID sessionId, MentoringCase mentoringCase, SocialWorker worker,
            VisitKind kind, LocalDate on, boolean attended, VisitCommands.Checklist checklist) {
        Visit visit = new Visit();
        visit.id = id;
        visit.sessionId = sessionId;
        visit.caseId = mentoringCase.id;
        visit.householdId = mentoringCase.householdId;
        visit.villageCode = mentoringCase.villageCode;
        visit.workerId = worker.id;
        visit.kind = kind;
        visit.visitedOn = on;
        visit.attended = attended;
        visit.aidUsedAsIntended = checklist.aidUsedAsIntended();
        visit.businessRunning = checklist.businessRunning();
        visit.incomeReported = checklist.incomeReported();
        visit.savingsKept = checklist.savingsKept();
        visit.childrenAttendingSchool = checklist.childrenAttendingSchool();
        visit.healthChecksDone = checklist.healthChecksDone();
        visit.recordedAt = CaseService.now();
        return visit;
    }

    /** The audit row: kind, date and attendance; never the notes. */
    private Uni<Void> audit(Visit v) {
        return access.audit("RECORD_VISIT", "visit", v.id, v.householdId, v.villageCode, v.kind + " on "
                + v.visitedOn + (v.sessionId == null ? "" : ", session " + v.sessionId + ", attended " + v.attended));
    }

    /** The event: the checklist answers, never the notes. */
    static VisitRecorded event(Visit v) {
        return new VisitRecorded(v.id, v.caseId, v.householdId, v.villageCode, v.workerId, v.kind.name(), v.visitedOn,
                v.attended, v.aidUsedAsIntended, v.businessRunning, v.incomeReported, v.savingsKept,
                v.childrenAttendingSchool, v.healthChecksDone);
    }

    /** The content a resend must repeat: the command as the app sent it, and who sent it. */
    private String hash(Object command, SocialWorker worker) {
        try {
            String canonical = mapper.writeValueAsString(command) + "|" + worker.id;
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a visit", e);
        }
    }
}
