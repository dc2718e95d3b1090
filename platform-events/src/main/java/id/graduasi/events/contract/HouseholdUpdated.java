package id.graduasi.events.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A household's socio-economic indicators were observed anew. Eligibility (RTLH housing checklist) and
 * graduation criteria (expenditure against the poverty line, savings, business, food, sanitation) read them.
 * Rupiah are whole rupiah per capita per month.
 */
public record HouseholdUpdated(UUID householdId, String villageCode, LocalDate observedOn, long incomePerCapitaMonth,
        long expenditurePerCapitaMonth, int incomeSources, long savings, boolean businessActive, int mealsPerDay,
        BigDecimal floorAreaPerPerson, String floorMaterial, String wallMaterial, String wallCondition,
        String roofCondition, String drinkingWater, String sanitation, String electricity, List<String> assets,
        Long revision) implements RegistryHouseholdEvent {

    /** Without a revision: as producers before the field existed wrote it. */
    public HouseholdUpdated(UUID householdId, String villageCode, LocalDate observedOn, long incomePerCapitaMonth,
            long expenditurePerCapitaMonth, int incomeSources, long savings, boolean businessActive, int mealsPerDay,
            BigDecimal floorAreaPerPerson, String floorMaterial, String wallMaterial, String wallCondition,
            String roofCondition, String drinkingWater, String sanitation, String electricity, List<String> assets) {
        this(householdId, villageCode, observedOn, incomePerCapitaMonth, expenditurePerCapitaMonth, incomeSources,
                savings, businessActive, mealsPerDay, floorAreaPerPerson, floorMaterial, wallMaterial, wallCondition,
                roofCondition, drinkingWater, sanitation, electricity, assets, null);
    }
}
