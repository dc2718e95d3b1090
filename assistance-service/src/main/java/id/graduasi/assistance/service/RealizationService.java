package id.graduasi.assistance.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.assistance.security.AssistanceAccess;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Realization: for a programme and year, what was paid (households and rupiah, as the provider confirmed)
 * against the year's target and budget, in total and per region at the level asked for.
 */
@ApplicationScoped
public class RealizationService {

    /** Region levels by the length of their Kemendagri code: 64, 64.72, 64.72.01, 64.72.01.1001. */
    public static final Map<String, Integer> LEVELS = Map.of("province", 2, "regency", 5, "district", 8,
            "village", 13);

    /** A region's figures; target, budget and percentages only where the allocations file gives its share. */
    public record RegionRealization(String region, long householdsPaid, long rupiahPaid, long entitlements,
            long rupiahEntitled, Long targetHouseholds, BigDecimal householdsPercent, Long budget,
            BigDecimal budgetPercent) {
    }

    public record Realization(String programme, int year, String fundingSource, String regionFilter, String level,
            long targetHouseholds, long householdsPaid, BigDecimal householdsPercent, long budget, long rupiahPaid,
            BigDecimal budgetPercent, List<RegionRealization> regions) {
    }

    private final Allocations allocations;
    private final AssistanceAccess access;

    public RealizationService(Allocations allocations, AssistanceAccess access) {
        this.allocations = allocations;
        this.access = access;
    }

    /**
     * @param region a region code prefix (e.g. 64 or 64.72), or null for everywhere; the target and budget are
     *        the programme's whole allocation, or the region's share when the file gives one (percentages are
     *        given only then). Only entitlements in the caller's regions count (filtered in the query), and a
     *        partner counts nothing of a programme its token does not grant.
     */
    @WithSession
    public Uni<Realization> of(String programme, int year, String region, String level) {
        Integer length = LEVELS.get(level);
        if (length == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("level", "must be one of " + LEVELS.keySet()));
        }
        Allocations.Allocation allocation = allocations.of(programme, year).orElse(null);
        if (allocation == null) {
            return Uni.createFrom().failure(ProblemException.notFound("allocation for " + programme + " in", year));
        }
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("programme", programme);
        params.put("year", year);
        params.put("region", region);
        params.put("length", length);
        String scoped = access.regionCondition("t.village_code", params);
        String where = (scoped == null ? "" : " and " + scoped)
                + (access.programmeAllowed(programme) ? "" : " and 1 = 0");
        // Paid = confirmed by the provider; entitled = every entitlement not cancelled.
        return NativeSql.rows("""
                select substr(t.village_code, 1, :length),
                       count(distinct t.household_id) filter (where t.status = 'PAID'),
                       coalesce(sum(t.amount) filter (where t.status = 'PAID'), 0),
                       count(*) filter (where t.status <> 'CANCELLED'),
                       coalesce(sum(t.amount) filter (where t.status <> 'CANCELLED'), 0)
                from entitlement t join disbursement_cycle c on c.id = t.cycle_id
                where c.programme = :programme and c.year = :year and (cast(:region as text) is null
                      or t.village_code = :region or t.village_code like :region || '.%')""" + where + "\n" + """
                group by 1 order by 1""", params)
                .map(rows -> {
                    List<RegionRealization> regions = rows.stream().map(r -> {
                        String code = r[0].toString();
                        long households = number(r[1]);
                        long paid = number(r[2]);
                        Allocations.Allocation share = allocations.ofRegion(programme, year, code).orElse(null);
                        return new RegionRealization(code, households, paid, number(r[3]), number(r[4]),
                                share == null ? null : share.targetHouseholds(),
                                share == null ? null : percent(households, share.targetHouseholds()),
                                share == null ? null : share.budget(),
                                share == null ? null : percent(paid, share.budget()));
                    }).toList();
                    long households = regions.stream().mapToLong(RegionRealization::householdsPaid).sum();
                    long paid = regions.stream().mapToLong(RegionRealization::rupiahPaid).sum();
                    Allocations.Allocation measure = region == null ? allocation
                            : allocations.ofRegion(programme, year, region).orElse(null);
                    return new Realization(programme, year, allocation.fundingSource(), region, level,
                            measure == null ? allocation.targetHouseholds() : measure.targetHouseholds(), households,
                            measure == null ? null : percent(households, measure.targetHouseholds()),
                            measure == null ? allocation.budget() : measure.budget(),
                            paid, measure == null ? null : percent(paid, measure.budget()), regions);
                });
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1,
                RoundingMode.HALF_UP);
    }
}
