package id.graduasi.assistance.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.assistance.config.Programmes;
import id.graduasi.assistance.config.Programmes.Enrolment;
import id.graduasi.assistance.config.Programmes.Programme;
import id.graduasi.assistance.domain.Enrollment;
import id.graduasi.assistance.domain.EnrollmentStatus;
import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.assistance.domain.KubeGroup;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.SecurityProblems;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * KUBE joint business groups: households enter a group programme together, each eligible and in no other group;
 * the group's grant is paid once, through its chair's enrollment (the first household named).
 */
@ApplicationScoped
public class KubeService {

    public record NewGroup(String programme, String name, String villageCode, String businessType,
            List<UUID> householdIds, String justification) {
    }

    private final Programmes programmes;
    private final EnrollmentService enrollments;
    private final AssistanceAccess access;

    public KubeService(Programmes programmes, EnrollmentService enrollments, AssistanceAccess access) {
        this.programmes = programmes;
        this.enrollments = enrollments;
        this.access = access;
    }

    /**
     * Forms a group in the caller's regions (403 for a village outside them); a household outside them is
     * refused exactly as an unknown one. Each member household gets an audit row, in the same transaction.
     */
    @WithTransaction
    public Uni<KubeGroup> form(NewGroup request) {
        if (!access.allows(request.villageCode())) {
            throw SecurityProblems.outOfScope("villageCode");
        }
        String actor = access.actor();
        Programme programme = programmes.find(request.programme())
                .filter(p -> p.enrolment() == Enrolment.GROUP)
                .orElseThrow(() -> ProblemException.badRequest("programme", request.programme()
                        + " is not a group programme; group programmes: " + programmes.all().stream()
                                .filter(p -> p.enrolment() == Enrolment.GROUP).map(Programme::code).toList()));
        List<UUID> ids = request.householdIds();
        int min = programme.group().minHouseholds();
        int max = programme.group().maxHouseholds();
        if (ids.size() < min || ids.size() > max) {
            throw ProblemException.badRequest("householdIds", "a " + programme.code() + " group has " + min + " to "
                    + max + " households, not " + ids.size());
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw ProblemException.badRequest("householdIds", "names a household twice");
        }
        KubeGroup group = new KubeGroup();
        group.id = TimeOrderedIds.next();
        group.name = request.name();
        group.villageCode = request.villageCode();
        group.businessType = request.businessType();
        group.chairHouseholdId = ids.get(0);
        group.formedOn = EnrollmentService.today();
        group.formedBy = actor;
        List<Enrollment> members = new ArrayList<>();
        // Households in a stable order, so two groups formed at once cannot deadlock on each other's locks.
        return TransactionLocks.lockAll(ids.stream().map(id -> "household:" + id).sorted().toList())
                .chain(() -> EnrollmentService.each(ids, id -> member(programme, id, members)))
                .chain(() -> enrollments.requireQuota(programme, ids.size()))
                .chain(() -> group.persist())
                .chain(() -> EnrollmentService.each(members, e -> {
                    e.kubeGroupId = group.id;
                    e.justification = request.justification();
                    e.enrolledBy = actor;
                    return HouseholdProjection.<HouseholdProjection>findById(e.householdId)
                            .chain(h -> e.persist().chain(() -> enrollments.activate(e, h.villageCode))
                                    .chain(() -> access.record("FORM_KUBE_GROUP", AssistanceAccess.KUBE_GROUP,
                                            group.id, e.householdId, h.villageCode, programme.code() + " group "
                                                    + group.id + " in " + group.villageCode + ", enrollment " + e.id
                                                    + " ACTIVE" + (e.householdId.equals(group.chairHouseholdId)
                                                            ? " (chair)" : ""))));
                }))
                .replaceWith(group);
    }

    private Uni<Void> member(Programme programme, UUID householdId, List<Enrollment> members) {
        return HouseholdProjection.<HouseholdProjection>findById(householdId).chain(household -> {
            if (household == null || !access.allows(household.villageCode)) {
                throw ProblemException.badRequest("householdIds", "household " + householdId + " is not known");
            }
            EnrollmentService.requireNotGone(household);
            return Enrollment.of(householdId, programme.code()).chain(existing -> {
                if (existing != null && existing.status != EnrollmentStatus.EXITED) {
                    throw ProblemException.conflict("householdIds", "household " + householdId + " is already in "
                            + programme.code() + " group " + existing.kubeGroupId);
                }
                if (existing != null) {
                    throw ProblemException.conflict("householdIds", "household " + householdId
                            + " already took part in " + programme.code() + " (group " + existing.kubeGroupId + ")");
                }
                return enrollments.requireEligible(household, programme, false)
                        .invoke(() -> members.add(EnrollmentService.newEnrollment(householdId, programme)));
            });
        });
    }

    /** A group in the caller's regions (by its village); else 404. */
    @WithSession
    public Uni<KubeGroup> get(UUID id) {
        return KubeGroup.<KubeGroup>findById(id).map(g -> {
            if (g == null || !access.allows(g.villageCode)) {
                throw ProblemException.notFound("KUBE group", id);
            }
            return g;
        });
    }

    /** The group's members whose households lie in the caller's regions (filtered in the query). */
    @WithSession
    public Uni<List<Enrollment>> members(UUID groupId) {
        Map<String, Object> params = new HashMap<>();
        params.put("group", groupId);
        String region = access.regionCondition("p.villageCode", params);
        // A group has at most its programme's maxHouseholds members; bounded anyway.
        return Enrollment.<Enrollment>find("kubeGroupId = :group" + (region == null ? ""
                : " and householdId in (select p.householdId from HouseholdProjection p where " + region + ")")
                + " order by householdId", params).page(0, ListBounds.MAX_ROWS).list();
    }
}
