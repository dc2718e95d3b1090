package id.graduasi.registry.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.contract.HouseholdUpdated;
import id.graduasi.events.outbox.OutboxWriter;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.Indicators;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Records a household's socio-economic indicators as dated observations and announces each one. */
@ApplicationScoped
public class IndicatorService {

    private final OutboxWriter outbox;

    public IndicatorService(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Indicators> record(UUID householdId, Indicators observation, String actor) {
        if (observation.observedOn.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            return Uni.createFrom().failure(ProblemException.badRequest("observedOn", "is in the future"));
        }
        return TransactionLocks.lock("household:" + householdId)
                .chain(() -> Household.<Household>findById(householdId)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("household", householdId))
                .chain(household -> {
                    observation.id = TimeOrderedIds.next();
                    observation.householdId = householdId;
                    observation.recordedBy = actor;
                    observation.recordedAt = Instant.now();
                    return observation.<Indicators>persist().call(() -> outbox.append(event(household, observation)));
                });
    }

    @WithSession
    public Uni<List<Indicators>> history(UUID householdId) {
        return Household.<Household>findById(householdId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("household", householdId))
                .chain(household -> Indicators.history(householdId));
    }

    private static HouseholdUpdated event(Household household, Indicators i) {
        return new HouseholdUpdated(household.id, household.villageCode, i.observedOn, i.incomePerCapitaMonth,
                i.expenditurePerCapitaMonth, i.incomeSources, i.savings, i.businessActive, i.mealsPerDay,
                i.floorAreaPerPerson, i.floorMaterial.name(), i.wallMaterial.name(), i.wallCondition.name(),
                i.roofCondition.name(), i.drinkingWater.name(), i.sanitation.name(), i.electricity.name(),
                assets(i.assets), household.version); // an observation leaves the household's revision as it is
    }

    public static List<String> assets(String codes) {
        return codes == null || codes.isBlank() ? List.of() : Arrays.asList(codes.split(","));
    }
}
