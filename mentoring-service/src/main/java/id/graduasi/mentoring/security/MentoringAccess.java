package id.graduasi.mentoring.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.mentoring.domain.CaseAssignment;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.SocialWorker;
import id.graduasi.rest.Problem;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.AuditLog;
import id.graduasi.security.Caller;
import id.graduasi.security.RegionScope;
import id.graduasi.security.Roles;
import id.graduasi.security.SecurityProblems;
import io.smallrye.mutiny.Uni;

/**
 * Who may see and change what in mentoring (issue #7). Staff see the cases and workers of their regions; a
 * household, case or worker outside them is 404, as if it did not exist. A social worker sees and writes only
 * its own caseload: the households ever assigned to it (the assignment history, so a visit synced late after a
 * reassignment still lands). The token's user is the worker's username. Call the checks inside a session.
 */
@ApplicationScoped
public class MentoringAccess {

    private static final Set<String> STAFF_READERS = Set.of(Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER,
            Roles.AUDITOR);

    private final Caller caller;
    private final AuditLog audit;

    public MentoringAccess(Caller caller, AuditLog audit) {
        this.caller = caller;
        this.audit = audit;
    }

    public Caller caller() {
        return caller;
    }

    public RegionScope scope() {
        return caller.scope();
    }

    /** Reads as a field worker: its own caseload only (a token that also carries a staff role reads as staff). */
    public boolean caseloadOnly() {
        return caller.is(Roles.SOCIAL_WORKER) && caller.roles().stream().noneMatch(STAFF_READERS::contains);
    }

    /** Free text (notes, evidence, goal descriptions) may describe a family in detail: auditors get codes only. */
    public boolean redactFreeText() {
        return caller.is(Roles.AUDITOR) && caller.roles().stream()
                .noneMatch(r -> r.equals(Roles.ADMIN) || r.equals(Roles.SUPERVISOR) || r.equals(Roles.OFFICER));
    }

    /** The registered worker whose username is the token's user; 403 when there is none. */
    public Uni<SocialWorker> actingWorker() {
        String user = caller.id();
        return SocialWorker.byUsername(user).onItem().ifNull().failWith(() -> new ProblemException(403, "Forbidden",
                "user " + user + " is not a registered social worker", List.of()));
    }

    /** The household's case if the caller may read it (in its regions; a worker's own caseload), else 404. */
    public Uni<MentoringCase> readableCase(UUID householdId) {
        Uni<MentoringCase> found = MentoringCase.ofHousehold(householdId)
                .map(c -> c != null && scope().allows(c.villageCode) ? c : null);
        if (caseloadOnly()) {
            found = found.chain(c -> c == null ? Uni.createFrom().nullItem()
                    : SocialWorker.byUsername(caller.id()).chain(w -> w == null ? Uni.createFrom().nullItem()
                            : everAssigned(c, w).map(mine -> mine ? c : null)));
        }
        return found.onItem().ifNull().failWith(() -> ProblemException.notFound("case of household", householdId));
    }

    /** A case by id, in the caller's regions (staff only), else 404. */
    public Uni<MentoringCase> caseInScope(UUID caseId) {
        return MentoringCase.<MentoringCase>findById(caseId)
                .map(c -> c != null && scope().allows(c.villageCode) ? c : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("case", caseId));
    }

    /**
     * The household's case for a write by {@code worker}: in the token's regions and ever assigned to the worker,
     * else 404 naming {@code field} (a household that does not exist answers exactly the same).
     */
    public Uni<MentoringCase> workableCase(SocialWorker worker, UUID householdId, String field) {
        return MentoringCase.ofHousehold(householdId)
                .chain(c -> c == null || !scope().allows(c.villageCode) ? Uni.createFrom().<MentoringCase>nullItem()
                        : everAssigned(c, worker).map(mine -> mine ? c : null))
                .onItem().ifNull().failWith(() -> notInCaseload(householdId, field));
    }

    private static ProblemException notInCaseload(UUID householdId, String field) {
        return new ProblemException(404, "Not Found", "household " + householdId
                + " has no mentoring case in your caseload", List.of(new Problem.FieldError(field,
                        "has no mentoring case in your caseload")));
    }

    /** Whether the case is, or ever was, the worker's. */
    private static Uni<Boolean> everAssigned(MentoringCase c, SocialWorker worker) {
        if (worker.id.equals(c.workerId)) {
            return Uni.createFrom().item(true);
        }
        return CaseAssignment.count("caseId = ?1 and workerId = ?2", c.id, worker.id).map(n -> n > 0);
    }

    /** A village code the caller writes to (a group session's village); 403 outside its regions. */
    public void requireWritable(String field, String regionCode) {
        if (!scope().allows(regionCode)) {
            throw SecurityProblems.outOfScope(field);
        }
    }

    /** Every area must lie in the caller's regions (403 naming the first that does not). */
    public void requireAreasWritable(String field, Collection<String> areas) {
        List<String> list = new ArrayList<>(areas);
        for (int i = 0; i < list.size(); i++) {
            if (!scope().allows(list.get(i))) {
                throw SecurityProblems.outOfScope(field + "[" + i + "]");
            }
        }
    }

    /**
     * An HQL condition: the worker aliased {@code worker} has an area the caller's regions overlap — an area in
     * them, or a district or province area containing one of them (a village supervisor sees the district's
     * worker). {@code null} when the caller sees every region.
     */
    public String workerVisible(String worker, Map<String, Object> params) {
        RegionScope scope = scope();
        if (scope.unrestricted()) {
            return null;
        }
        String inside = scope.condition("va.areaCode", "wscope", params);
        Set<String> ancestors = new TreeSet<>();
        for (String prefix : scope.prefixes()) {
            String[] parts = prefix.split("\\.");
            for (int i = 1; i < parts.length; i++) {
                ancestors.add(String.join(".", java.util.Arrays.copyOf(parts, i)));
            }
        }
        String around = "1 = 0";
        if (!ancestors.isEmpty()) {
            params.put("wancestors", List.copyOf(ancestors));
            around = "va.areaCode in :wancestors";
        }
        return "exists (select 1 from WorkerArea va where va.workerId = " + worker + ".id and (" + inside + " or "
                + around + "))";
    }

    /** Whether the caller's regions overlap one of these areas (as {@link #workerVisible}). */
    public boolean overlaps(Collection<String> areas) {
        RegionScope scope = scope();
        return areas.stream().anyMatch(a -> scope.allows(a)
                || scope.prefixes().stream().anyMatch(p -> p.startsWith(a + ".")));
    }

    /** The smallest region holding every area (their common whole-segment prefix), for the audit row; may be null. */
    public static String regionOf(Collection<String> areas) {
        String common = null;
        for (String area : areas) {
            if (common == null) {
                common = area;
                continue;
            }
            while (!common.isEmpty() && !(area.equals(common) || area.startsWith(common + "."))) {
                int dot = common.lastIndexOf('.');
                common = dot < 0 ? "" : common.substring(0, dot);
            }
        }
        return common == null || common.isEmpty() ? null : common;
    }

    /** Appends the write's audit row; call inside the write's transaction. Summaries hold ids and codes only. */
    public Uni<Void> audit(String action, String entityType, Object entityId, UUID householdId, String region,
            String summary) {
        return audit.record(action, entityType, entityId, householdId, region, summary);
    }
}
