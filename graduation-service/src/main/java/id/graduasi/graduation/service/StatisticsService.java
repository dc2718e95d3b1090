package id.graduasi.graduation.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.rest.ProblemException;
import id.graduasi.security.RegionScope;
import id.graduasi.events.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Graduation statistics from the decisions recorded here and the households of the readiness view.
 * <ul>
 * <li>{@code households}: households in the group that the registry has announced (for programmes: ever enrolled
 * in it; for pathways: every household, since any could take any pathway);</li>
 * <li>{@code graduated}: decisions through GRADUASI_MANDIRI or GRADUASI_ALAMIAH, reverted ones included;
 * {@code exited}: administrative exits;</li>
 * <li>{@code graduationRate} = graduated / households; {@code relapseRate} = reverted graduations / graduated;</li>
 * <li>time to graduation: days from registration to the decision date, median and mean, over graduations.</li>
 * </ul>
 * Only households in the caller's regions are counted, and for a partner only households ever enrolled in one
 * of its programmes (and, by programme, only its programmes): both restrictions are in the queries.
 */
@ApplicationScoped
public class StatisticsService {

    public enum GroupBy {
        REGION, PROGRAMME, COHORT, PATHWAY
    }

    public record Group(String group, long households, long graduated, long exited, long reverted,
            BigDecimal graduationRate, BigDecimal relapseRate, BigDecimal medianDaysToGraduation,
            BigDecimal meanDaysToGraduation) {
    }

    public record Statistics(String groupBy, String regionLevel, String region, List<Group> groups, Group total) {
    }

    private static final Map<String, Integer> LEVELS = Map.of("province", 2, "regency", 5, "district", 8,
            "village", 13);

    /** Who may be counted: region prefixes, and the programmes a partner is granted ({@code null}: any). */
    public record Audience(RegionScope regions, Set<String> programmes) {
    }

    @WithSession
    public Uni<Statistics> graduations(GroupBy groupBy, String level, String region, Audience audience) {
        Integer length = LEVELS.get(level);
        if (length == null) {
            return Uni.createFrom().failure(ProblemException.badRequest("regionLevel",
                    "must be one of province, regency, district, village"));
        }
        String key = switch (groupBy) {
            case REGION -> "coalesce(left(h.village_code, " + length + "), 'UNKNOWN')";
            case COHORT -> "coalesce(cast(cast(extract(year from h.registered_on) as integer) as text), 'UNKNOWN')";
            case PROGRAMME -> "p.programme";
            case PATHWAY -> "d.pathway";
        };
        String programmes = groupBy == GroupBy.PROGRAMME
                ? " join (select distinct household_id, programme from enrollment_view) p"
                        + " on p.household_id = h.household_id"
                        + (audience.programmes() == null || audience.programmes().isEmpty() ? ""
                                : " and p.programme in (:programmes)")
                : "";
        Map<String, Object> params = new HashMap<>();
        String where = where(region, audience, params);
        String householdKey = groupBy == GroupBy.PATHWAY ? "'TOTAL'" : key;
        return counts(householdKey, programmes, where, params).chain(households -> decisions(key, programmes, where,
                params).chain(perGroup -> counts("'TOTAL'", "", where, params).chain(allHouseholds -> decisions(
                        "'TOTAL'", "", where, params).map(total -> {
                            List<Group> groups = new ArrayList<>();
                            java.util.Set<String> keys = new java.util.TreeSet<>(perGroup.keySet());
                            if (groupBy != GroupBy.PATHWAY) {
                                keys.addAll(households.keySet());
                            }
                            for (String g : keys) {
                                long n = groupBy == GroupBy.PATHWAY ? households.getOrDefault("TOTAL", 0L)
                                        : households.getOrDefault(g, 0L);
                                groups.add(group(g, n, perGroup.get(g)));
                            }
                            return new Statistics(groupBy.name().toLowerCase(), groupBy == GroupBy.REGION ? level
                                    : null, region, groups, group("TOTAL", allHouseholds.getOrDefault("TOTAL", 0L),
                                            total.get("TOTAL")));
                        }))));
    }

    private static Group group(String name, long households, Object[] d) {
        long graduated = d == null ? 0 : ((Number) d[1]).longValue();
        long exited = d == null ? 0 : ((Number) d[2]).longValue();
        long reverted = d == null ? 0 : ((Number) d[3]).longValue();
        BigDecimal median = d == null || d[4] == null ? null
                : new BigDecimal(d[4].toString()).setScale(1, RoundingMode.HALF_UP);
        BigDecimal mean = d == null || d[5] == null ? null
                : new BigDecimal(d[5].toString()).setScale(1, RoundingMode.HALF_UP);
        return new Group(name, households, graduated, exited, reverted, ratio(graduated, households),
                ratio(reverted, graduated), median, mean);
    }

    private static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    /**
     * The households counted: in the requested region, in the caller's regions and, for a partner, ever enrolled
     * in one of its programmes. An empty grant counts nothing.
     */
    private static String where(String region, Audience audience, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" (cast(:region as text) is null"
                + " or h.village_code like cast(:region as text) || '%')");
        params.put("region", region);
        String inScope = audience.regions().condition("h.village_code", "scope", params);
        if (inScope != null) {
            where.append(" and ").append(inScope);
        }
        if (audience.programmes() != null) {
            if (audience.programmes().isEmpty()) {
                where.append(" and 1 = 0");
            } else {
                where.append(" and h.household_id in (select e.household_id from enrollment_view e"
                        + " where e.programme in (:programmes))");
                params.put("programmes", List.copyOf(audience.programmes()));
            }
        }
        return where.toString();
    }

    private static Uni<Map<String, Long>> counts(String key, String join, String where, Map<String, Object> params) {
        return NativeSql.rows("select " + key + ", count(distinct h.household_id) from household_view h" + join
                + " where h.registry_status is not null and" + where
                + " group by 1", params).map(rows -> {
                    Map<String, Long> counts = new TreeMap<>();
                    rows.forEach(r -> counts.put(String.valueOf(r[0]), ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    private static Uni<Map<String, Object[]>> decisions(String key, String join, String where,
            Map<String, Object> params) {
        return NativeSql.rows("select g, count(*) filter (where graduation),"
                + " count(*) filter (where not graduation),"
                + " count(*) filter (where graduation and reverted),"
                + " percentile_cont(0.5) within group (order by days) filter (where graduation and days is not null),"
                + " avg(days) filter (where graduation and days is not null)"
                + " from (select " + key + " as g, d.pathway <> 'ADMINISTRATIVE_EXIT' as graduation,"
                + " d.reverted_at is not null as reverted, d.decided_on - h.registered_on as days"
                + " from graduation_decision d join household_view h on h.household_id = d.household_id" + join
                + " where" + where + ") x"
                + " group by g", params).map(rows -> {
                    Map<String, Object[]> byGroup = new TreeMap<>();
                    rows.forEach(r -> byGroup.put(String.valueOf(r[0]), r));
                    return byGroup;
                });
    }
}
