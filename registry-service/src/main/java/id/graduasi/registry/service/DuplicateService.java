package id.graduasi.registry.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.registry.domain.DuplicateCandidate;
import id.graduasi.registry.domain.Member;
import id.graduasi.registry.domain.PersonName;
import id.graduasi.registry.repository.RegistrationRows;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Flags people who may be registered twice under different NIKs: an active member of another household in the
 * same village, born the same day, with the same or nearly the same name. Flags wait for an officer; nothing is
 * merged automatically.
 */
@ApplicationScoped
public class DuplicateService {

    /**
     * Runs inside the caller's transaction, once the members are in the database (in the order they were added).
     * One query for all of them, however many households they belong to. A pair of people added together is
     * flagged once, on the later one, as if they had been added one after the other.
     */
    Uni<Void> flag(List<Member> added) {
        if (added.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<UUID, Integer> order = new HashMap<>();
        Map<UUID, Member> byId = new HashMap<>();
        for (int i = 0; i < added.size(); i++) {
            order.put(added.get(i).id, i);
            byId.put(added.get(i).id, added.get(i));
        }
        return RegistrationRows.sameVillageAndBirthDate(added).chain(rows -> {
            Instant now = Instant.now();
            List<DuplicateCandidate> candidates = new ArrayList<>();
            for (Object[] row : rows) {
                Member member = byId.get(UUID.fromString(row[0].toString()));
                UUID otherId = UUID.fromString(row[1].toString());
                Integer otherOrder = order.get(otherId);
                String otherName = row[3].toString();
                if ((otherOrder == null || otherOrder < order.get(member.id))
                        && PersonName.similar(member.name, otherName)) {
                    candidates.add(candidate(member, otherId, UUID.fromString(row[2].toString()), otherName, now));
                }
            }
            return RegistrationRows.insertDuplicateCandidates(candidates);
        });
    }

    private static DuplicateCandidate candidate(Member member, UUID otherId, UUID otherHouseholdId, String otherName,
            Instant now) {
        DuplicateCandidate candidate = new DuplicateCandidate();
        candidate.id = TimeOrderedIds.next();
        candidate.householdId = member.householdId;
        candidate.memberId = member.id;
        candidate.otherHouseholdId = otherHouseholdId;
        candidate.otherMemberId = otherId;
        candidate.reason = "same village and birth date, " + (PersonName.normalize(member.name)
                .equals(PersonName.normalize(otherName)) ? "same name" : "nearly the same name") + ", different NIK";
        candidate.status = DuplicateCandidate.OPEN;
        candidate.createdAt = now;
        return candidate;
    }

    /** Candidates whose household lies in the scope (filtered in the query, before the limit). */
    @WithSession
    public Uni<List<DuplicateCandidate>> list(String status, int limit, id.graduasi.security.RegionScope scope) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("status", status);
        String scoped = scope.condition("h.villageCode", "scope", params);
        String where = scoped == null ? "" : " and exists (from Household h where h.id = c.householdId and "
                + scoped + ")";
        return DuplicateCandidate.<DuplicateCandidate>find("from DuplicateCandidate c where c.status = :status"
                + where + " order by c.createdAt, c.id", params).page(0, limit).list();
    }

    @WithSession
    public Uni<DuplicateCandidate> find(UUID id) {
        return DuplicateCandidate.<DuplicateCandidate>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("duplicate candidate", id));
    }

    @WithTransaction
    public Uni<DuplicateCandidate> dismiss(UUID id, String actor) {
        return DuplicateCandidate.<DuplicateCandidate>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("duplicate candidate", id))
                .invoke(candidate -> {
                    if (!DuplicateCandidate.OPEN.equals(candidate.status)) {
                        throw ProblemException.conflict("duplicate candidate " + id + " is already "
                                + candidate.status);
                    }
                    candidate.status = DuplicateCandidate.DISMISSED;
                    candidate.resolvedBy = actor;
                    candidate.resolvedAt = Instant.now();
                });
    }
}
