package id.graduasi.registry.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.registry.domain.DuplicateCandidate;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.Member;
import id.graduasi.registry.domain.PersonName;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Flags people who may be registered twice under different NIKs: an active member of another household in the
 * same village, born the same day, with the same or nearly the same name. Flags wait for an officer; nothing is
 * merged automatically.
 */
@ApplicationScoped
public class DuplicateService {

    /** Runs inside the caller's transaction, after the members were saved. */
    Uni<Void> flag(Household household, List<Member> members) {
        // One query for the household: everyone in the village born on any of its members' birth dates.
        return Member.<Member>list("from Member m where m.active = true and m.birthDate in ?1 and m.householdId <> ?2"
                        + " and exists (from Household o where o.id = m.householdId and o.villageCode = ?3)",
                        members.stream().map(m -> m.birthDate).distinct().toList(), household.id,
                        household.villageCode)
                .chain(others -> Multi.createFrom().iterable(members)
                        .onItem().transformToMultiAndConcatenate(member -> Multi.createFrom().iterable(others)
                                .filter(other -> other.birthDate.equals(member.birthDate)
                                        && PersonName.similar(member.name, other.name))
                                .onItem().transformToUniAndConcatenate(other -> candidate(household, member, other)))
                        .collect().last())
                .replaceWithVoid();
    }

    private static Uni<DuplicateCandidate> candidate(Household household, Member member, Member other) {
        DuplicateCandidate candidate = new DuplicateCandidate();
        candidate.id = UUID.randomUUID();
        candidate.householdId = household.id;
        candidate.memberId = member.id;
        candidate.otherHouseholdId = other.householdId;
        candidate.otherMemberId = other.id;
        candidate.reason = "same village and birth date, " + (PersonName.normalize(member.name)
                .equals(PersonName.normalize(other.name)) ? "same name" : "nearly the same name") + ", different NIK";
        candidate.status = DuplicateCandidate.OPEN;
        candidate.createdAt = Instant.now();
        return candidate.persist();
    }

    @WithSession
    public Uni<List<DuplicateCandidate>> list(String status, int limit) {
        return DuplicateCandidate.withStatus(status, limit);
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
