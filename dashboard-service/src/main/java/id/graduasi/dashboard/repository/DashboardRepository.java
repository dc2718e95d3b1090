package id.graduasi.dashboard.repository;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.NativeSql;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Aggregates of the projections per region. {@code keyLength} picks the level rows are grouped by (2: province,
 * 5: regency, 8: district, 0: one total row); {@code where} is a condition on {@code district} built from the
 * requested region and the caller's region scope, with its named parameters.
 */
@ApplicationScoped
public class DashboardRepository {

    public static final List<String> FUNNEL = List.of("registered", "verified", "enrolled", "assessed", "proposed",
            "graduated", "relapsed", "relapse_suspected");

    public Uni<List<Object[]>> funnel(int keyLength, String where, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder("select left(district, " + keyLength + ")");
        FUNNEL.forEach(flag -> sql.append(", count(*) filter (where ").append(flag).append(")"));
        sql.append(" from household_fact where district is not null and ").append(where).append(" group by 1");
        return rows(sql.toString(), params);
    }

    /** Per group: workers with open cases, open cases (monitoring included), households in them. */
    public Uni<List<Object[]>> caseload(int keyLength, String where, Map<String, Object> params) {
        return rows("select left(district, " + keyLength + "), count(distinct worker_id),"
                + " count(*), count(distinct household_id) from case_fact"
                + " where state <> 'CLOSED' and district is not null and " + where + " group by 1", params);
    }

    /** Per group: visits done (attended), households visited, visits in the last 30 days. */
    public Uni<List<Object[]>> visits(int keyLength, String where, Map<String, Object> params) {
        return rows("select left(district, " + keyLength + "), count(*), count(distinct household_id),"
                + " count(*) filter (where visited_on >= current_date - 30) from visit_fact"
                + " where attended and district is not null and " + where + " group by 1", params);
    }

    /** Per programme: enrollments, active ones, households enrolled. */
    public Uni<List<Object[]>> enrollments(String where, Map<String, Object> params) {
        return rows("select programme, count(*), count(*) filter (where ended_on is null),"
                + " count(distinct household_id) from enrollment_fact"
                + " where district is not null and " + where + " group by 1", params);
    }

    /** Per programme: payments, households paid, rupiah paid. */
    public Uni<List<Object[]>> disbursements(String where, Map<String, Object> params) {
        return rows("select programme, count(*), count(distinct household_id), sum(amount) from disbursement_fact"
                + " where district is not null and " + where + " group by 1", params);
    }

    /** Per programme and year: households paid and rupiah paid (realization). */
    public Uni<List<Object[]>> paidByYear(String where, Map<String, Object> params) {
        return rows("select programme, year, count(distinct household_id), sum(amount) from disbursement_fact"
                + " where district is not null and year is not null and " + where + " group by 1, 2", params);
    }

    /**
     * Per month (YYYY-MM): households observed, and those whose expenditure per capita was below their province's
     * poverty line in force that month (the latest period of {@code provinces}/{@code periods}/{@code lines} not
     * after it). A household whose province has no line yet is observed but counted on neither side.
     */
    public Uni<List<Object[]>> povertyByMonth(String where, Map<String, Object> params, String[] provinces,
            String[] periods, Long[] lines) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("lineProvinces", provinces);
        all.put("linePeriods", periods);
        all.put("lineRupiah", lines);
        return rows("select o.month, count(*), count(*) filter (where o.expenditure < l.rupiah),"
                + " count(*) filter (where o.expenditure >= l.rupiah) from observation_fact o"
                + " left join lateral (select x.rupiah from unnest(cast(:lineProvinces as text[]),"
                + " cast(:linePeriods as text[]), cast(:lineRupiah as bigint[])) as x(province, period, rupiah)"
                + " where x.province = left(o.district, 2) and x.period <= o.month order by x.period desc limit 1) l"
                + " on true where district is not null and " + where + " group by o.month order by o.month", all);
    }

    /** Every allocation: programme, year, region ('' the whole), funding source, budget, target households. */
    public Uni<List<Object[]>> allocations() {
        return rows("select programme, year, region, funding_source, budget, target_households from allocation_fact",
                params());
    }

    /** Per month (yyyy-MM): graduations in force, by effective date, and reversals by their date. */
    public Uni<List<Object[]>> graduationsByMonth(String where, Map<String, Object> params) {
        return rows("select m, sum(g), sum(r) from ("
                + " select to_char(effective_on, 'YYYY-MM') m, count(*) g, 0 r from decision_fact"
                + "  where outcome = 'GRADUATED' and reverted_on is null and effective_on is not null"
                + "  and district is not null and " + where + " group by 1"
                + " union all select to_char(reverted_on, 'YYYY-MM'), 0, count(*) from decision_fact"
                + "  where outcome = 'GRADUATED' and reverted_on is not null and district is not null and " + where
                + "  group by 1) x group by m order by m", params);
    }

    private static Uni<List<Object[]>> rows(String sql, Map<String, Object> params) {
        return Panache.withSession(() -> NativeSql.rows(sql, params));
    }

    public static Map<String, Object> params() {
        return new LinkedHashMap<>();
    }
}
