package id.graduasi.dashboard.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.dashboard.config.DashboardConfig;
import id.graduasi.dashboard.config.PovertyLines;
import id.graduasi.dashboard.config.Regions;
import id.graduasi.dashboard.messaging.ConsumerLag;
import id.graduasi.dashboard.repository.DashboardRepository;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.RegionScope;
import id.graduasi.security.SecurityProblems;
import io.smallrye.mutiny.Uni;

/**
 * One region's dashboard: the funnel and the pendamping work per child region (provinces, regencies or districts),
 * programme realization and graduations per month of the region, all limited to the caller's region scope and
 * with small counts suppressed.
 */
@ApplicationScoped
public class DashboardService {

    public static final List<String> WORKER_COLUMNS = List.of("workers", "cases", "householdsInCases", "caseload",
            "visits", "householdsVisited", "visitsLast30Days");
    public static final List<String> PROGRAMME_COLUMNS = List.of("enrollments", "activeEnrollments",
            "householdsEnrolled", "payments", "householdsPaid", "disbursedRupiah");
    public static final List<String> POVERTY_COLUMNS = List.of("povertyLine", "householdsObserved", "belowLine",
            "aboveLine");
    public static final List<String> REALIZATION_COLUMNS = List.of("year", "fundingSource", "targetHouseholds",
            "householdsPaid", "householdsPercent", "budget", "disbursedRupiah", "budgetPercent");

    private final DashboardRepository repository;
    private final Regions regions;
    private final DashboardConfig config;
    private final ConsumerLag lag;
    private final PovertyLines povertyLines;

    public DashboardService(DashboardRepository repository, Regions regions, DashboardConfig config, ConsumerLag lag,
            PovertyLines povertyLines) {
        this.repository = repository;
        this.regions = regions;
        this.config = config;
        this.lag = lag;
        this.povertyLines = povertyLines;
    }

    /** The view of {@code region} (null or empty: the caller's top level) as the caller may see it. */
    public Uni<Map<String, Object>> view(String region, RegionScope scope, Set<String> programmes) {
        String code = region == null ? "" : region.trim();
        if (!code.isEmpty() && !Regions.REGION.matcher(code).matches()) {
            throw ProblemException.badRequest("region",
                    "must be a province (64), regency (64.72) or district (64.72.01) code");
        }
        if (!code.isEmpty() && !scope.allows(code)) {
            throw SecurityProblems.outOfScope("region");
        }
        Map<String, Object> params = DashboardRepository.params();
        String where = where(code, scope, params);
        // The groups rows are made of: the children of the region, or a restricted caller's own regions at the top.
        List<Group> groups = new ArrayList<>();
        if (code.isEmpty() && !scope.unrestricted()) {
            for (String prefix : new TreeSet<>(scope.prefixes())) {
                if (Regions.REGION.matcher(prefix).matches() && covered(prefix, scope)) {
                    Map<String, Object> p = DashboardRepository.params();
                    groups.add(new Group(prefix.length(), where(prefix, scope, p), p));
                }
            }
        } else {
            groups.add(new Group(childKeyLength(code), where, params));
        }
        Suppression suppression = new Suppression(config.kAnonymity());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("region", region(code));
        view.put("path", path(code, scope));
        view.put("rowsLevel", code.isEmpty() && !scope.unrestricted() ? "granted" : Regions.level(
                code.isEmpty() ? "00" : code.length() >= 8 ? code : code + ".00"));
        view.put("kAnonymity", config.kAnonymity());
        view.put("generatedAt", Instant.now().toString());
        return funnel(groups, where, params, suppression)
                .invoke(f -> view.put("funnel", f))
                .chain(() -> workers(groups, where, params, suppression)).invoke(w -> view.put("workers", w))
                .chain(() -> programmes(where, params, programmes, suppression)).invoke(p -> view.put("programmes", p))
                .chain(() -> realization(measured(code, scope), where, params, programmes, suppression))
                .invoke(r -> view.put("realization", r))
                .chain(() -> poverty(province(code, scope), where, params, suppression))
                .invoke(p -> view.put("poverty", p))
                .chain(() -> repository.graduationsByMonth(where, params)).invoke(rows -> {
                    List<Map<String, Object>> months = new ArrayList<>();
                    for (Object[] r : rows) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("month", r[0]);
                        m.put("graduated", num(r[1]));
                        m.put("relapsed", num(r[2]));
                        months.add(m);
                    }
                    suppression.columns(months, null, List.of("graduated", "relapsed"));
                    view.put("graduationsByMonth", months);
                    view.put("status", lag.status());
                }).replaceWith(view);
    }

    private record Group(int keyLength, String where, Map<String, Object> params) {
    }

    /** A prefix that no other granted prefix contains (so overlapping grants are not counted twice). */
    private static boolean covered(String prefix, RegionScope scope) {
        return scope.prefixes().stream().noneMatch(o -> !o.equals(prefix) && prefix.startsWith(o + "."));
    }

    private Uni<Map<String, Object>> funnel(List<Group> groups, String where, Map<String, Object> params,
            Suppression suppression) {
        List<String> columns = columnNames(DashboardRepository.FUNNEL);
        return collect(groups, g -> repository.funnel(g.keyLength(), g.where(), g.params()))
                .chain(rows -> repository.funnel(0, where, params).map(total -> {
                    List<Map<String, Object>> table = new ArrayList<>();
                    for (Object[] r : rows) {
                        Map<String, Object> row = namedRow((String) r[0]);
                        for (int i = 0; i < columns.size(); i++) {
                            row.put(columns.get(i), num(r[i + 1]));
                        }
                        table.add(row);
                    }
                    Map<String, Object> totalRow = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        totalRow.put(columns.get(i), total.isEmpty() ? 0L : num(total.get(0)[i + 1]));
                    }
                    suppression.columns(table, totalRow, columns);
                    return table(columns, table, totalRow);
                }));
    }

    private Uni<Map<String, Object>> workers(List<Group> groups, String where, Map<String, Object> params,
            Suppression suppression) {
        Uni<Map<String, Map<String, Object>>> byGroup = collect(groups,
                g -> repository.caseload(g.keyLength(), g.where(), g.params()))
                .chain(cases -> collect(groups, g -> repository.visits(g.keyLength(), g.where(), g.params()))
                        .map(visits -> merge(cases, visits)));
        Uni<Map<String, Map<String, Object>>> total = repository.caseload(0, where, params)
                .chain(cases -> repository.visits(0, where, params).map(visits -> merge(cases, visits)));
        return byGroup.chain(rows -> total.map(t -> {
            List<Map<String, Object>> table = new ArrayList<>(rows.values());
            Map<String, Object> totalRow = t.isEmpty() ? emptyWorkers() : t.values().iterator().next();
            totalRow.remove("code");
            totalRow.remove("name");
            for (Map<String, Object> row : table) {
                suppressWorkers(row, suppression);
            }
            suppressWorkers(totalRow, suppression);
            suppression.columns(table, totalRow, List.of("cases", "householdsInCases", "visits", "householdsVisited"));
            return table(WORKER_COLUMNS, table, totalRow);
        }));
    }

    private static void suppressWorkers(Map<String, Object> row, Suppression suppression) {
        suppression.byBasis(row, "householdsInCases", List.of("cases", "householdsInCases", "caseload"));
        suppression.byBasis(row, "householdsVisited", List.of("visits", "householdsVisited", "visitsLast30Days"));
    }

    private Map<String, Object> emptyWorkers() {
        Map<String, Object> row = new LinkedHashMap<>();
        WORKER_COLUMNS.forEach(c -> row.put(c, 0L));
        row.put("caseload", 0.0);
        return row;
    }

    private Map<String, Map<String, Object>> merge(List<Object[]> cases, List<Object[]> visits) {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        for (Object[] r : cases) {
            Map<String, Object> row = rows.computeIfAbsent((String) r[0], this::workerRow);
            long workers = num(r[1]);
            row.put("workers", workers);
            row.put("cases", num(r[2]));
            row.put("householdsInCases", num(r[3]));
            row.put("caseload", workers == 0 ? 0.0 : Math.round(num(r[2]) * 10.0 / workers) / 10.0);
        }
        for (Object[] r : visits) {
            Map<String, Object> row = rows.computeIfAbsent((String) r[0], this::workerRow);
            row.put("visits", num(r[1]));
            row.put("householdsVisited", num(r[2]));
            row.put("visitsLast30Days", num(r[3]));
        }
        return rows;
    }

    private Map<String, Object> workerRow(String code) {
        Map<String, Object> row = namedRow(code);
        row.putAll(emptyWorkers());
        return row;
    }

    private Uni<Map<String, Object>> programmes(String where, Map<String, Object> params, Set<String> granted,
            Suppression suppression) {
        return repository.enrollments(where, params).chain(enrollments -> repository.disbursements(where, params)
                .map(paid -> {
                    Map<String, Map<String, Object>> rows = new TreeMap<>();
                    Function<String, Map<String, Object>> row = p -> rows.computeIfAbsent(p, x -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("programme", x);
                        PROGRAMME_COLUMNS.forEach(c -> m.put(c, 0L));
                        return m;
                    });
                    for (Object[] r : enrollments) {
                        Map<String, Object> m = row.apply((String) r[0]);
                        m.put("enrollments", num(r[1]));
                        m.put("activeEnrollments", num(r[2]));
                        m.put("householdsEnrolled", num(r[3]));
                    }
                    for (Object[] r : paid) {
                        Map<String, Object> m = row.apply((String) r[0]);
                        m.put("payments", num(r[1]));
                        m.put("householdsPaid", num(r[2]));
                        m.put("disbursedRupiah", num(r[3]));
                    }
                    // A partner granted some programmes sees only those.
                    if (granted != null && !granted.isEmpty()) {
                        rows.keySet().retainAll(granted);
                    }
                    List<Map<String, Object>> table = new ArrayList<>(rows.values());
                    for (Map<String, Object> m : table) {
                        suppression.byBasis(m, "householdsEnrolled",
                                List.of("enrollments", "activeEnrollments", "householdsEnrolled"));
                        suppression.byBasis(m, "householdsPaid", List.of("payments", "householdsPaid",
                                "disbursedRupiah"));
                    }
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("columns", PROGRAMME_COLUMNS);
                    result.put("rows", table);
                    return result;
                }));
    }

    /** The one province the view lies in (its region's, or a restricted caller's only one), else null. */
    private static String province(String code, RegionScope scope) {
        if (!code.isEmpty()) {
            return code.substring(0, 2);
        }
        if (scope.unrestricted()) {
            return null;
        }
        var provinces = scope.prefixes().stream().filter(p -> Regions.REGION.matcher(p).matches())
                .map(p -> p.substring(0, 2)).distinct().toList();
        return provinces.size() == 1 ? provinces.get(0) : null;
    }

    /**
     * Poverty context per month: households observed (their latest indicator observation of the month), and how
     * many spent less per capita than their province's poverty line in force that month, and how many did not.
     * The line itself is shown when the view lies in one province.
     */
    private Uni<Map<String, Object>> poverty(String province, String where, Map<String, Object> params,
            Suppression suppression) {
        List<PovertyLines.Line> lines = povertyLines.all();
        return repository.povertyByMonth(where, params,
                lines.stream().map(PovertyLines.Line::province).toArray(String[]::new),
                lines.stream().map(PovertyLines.Line::period).toArray(String[]::new),
                lines.stream().map(PovertyLines.Line::rupiah).toArray(Long[]::new)).map(rows -> {
                    List<Map<String, Object>> months = new ArrayList<>();
                    for (Object[] r : rows) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        String month = (String) r[0];
                        m.put("month", month);
                        Long line = province == null ? null : povertyLines.of(province, month);
                        if (line != null) {
                            m.put("povertyLine", line);
                        }
                        m.put("householdsObserved", num(r[1]));
                        m.put("belowLine", num(r[2]));
                        m.put("aboveLine", num(r[3]));
                        months.add(m);
                    }
                    suppression.columns(months, null, List.of("householdsObserved", "belowLine", "aboveLine"));
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("columns", POVERTY_COLUMNS);
                    result.put("rows", months);
                    return result;
                });
    }

    /**
     * The regions whose allocations the view is measured against: the region shown, the whole allocation (null)
     * for an unrestricted caller's top level, or a restricted caller's granted regions there.
     */
    private static List<String> measured(String code, RegionScope scope) {
        if (!code.isEmpty()) {
            return List.of(code);
        }
        if (scope.unrestricted()) {
            return java.util.Collections.singletonList(null);
        }
        return new TreeSet<>(scope.prefixes()).stream()
                .filter(p -> Regions.REGION.matcher(p).matches() && covered(p, scope)).toList();
    }

    /**
     * Realization per programme and year, as the offices report it ("RTLH 128 of 338 houses, 38 %"): households
     * and rupiah paid in the view's regions against the target and budget allocated to them. Target and budget are
     * given only where every measured region has an allocation (a region without its own share is not measured
     * against the whole); years with payments but no allocation are listed without them.
     */
    private Uni<Map<String, Object>> realization(List<String> measured, String where, Map<String, Object> params,
            Set<String> granted, Suppression suppression) {
        return repository.allocations().chain(allocations -> repository.paidByYear(where, params).map(paid -> {
            record Key(String programme, int year) implements Comparable<Key> {
                public int compareTo(Key o) {
                    int byYear = Integer.compare(o.year, year); // the latest year first
                    return byYear != 0 ? byYear : programme.compareTo(o.programme);
                }
            }
            Map<Key, Map<String, Object[]>> allocated = new TreeMap<>();
            for (Object[] a : allocations) {
                allocated.computeIfAbsent(new Key((String) a[0], ((Number) a[1]).intValue()), k -> new TreeMap<>())
                        .put((String) a[2], a);
            }
            // A figure that does not apply (no allocation to measure against) is left out of its row; null means
            // suppressed, as in the other tables.
            Map<Key, Map<String, Object>> rows = new TreeMap<>();
            Function<Key, Map<String, Object>> row = k -> rows.computeIfAbsent(k, x -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("programme", x.programme());
                m.put("year", x.year());
                m.put("householdsPaid", 0L);
                m.put("disbursedRupiah", 0L);
                return m;
            });
            allocated.forEach((key, byRegion) -> {
                if (measured.isEmpty()) {
                    return;
                }
                long target = 0;
                long budget = 0;
                String source = null;
                for (String region : measured) {
                    Object[] a = byRegion.get(region == null ? "" : region);
                    if (a == null) {
                        return; // a measured region without its share: not measured against anything
                    }
                    source = source == null || source.equals(a[3]) ? (String) a[3] : "MIXED";
                    budget += num(a[4]);
                    target += num(a[5]);
                }
                Map<String, Object> m = row.apply(key);
                m.put("fundingSource", source);
                m.put("targetHouseholds", target);
                m.put("budget", budget);
            });
            for (Object[] r : paid) {
                Map<String, Object> m = row.apply(new Key((String) r[0], ((Number) r[1]).intValue()));
                m.put("householdsPaid", num(r[2]));
                m.put("disbursedRupiah", num(r[3]));
            }
            if (granted != null && !granted.isEmpty()) {
                rows.keySet().removeIf(k -> !granted.contains(k.programme()));
            }
            List<Map<String, Object>> table = new ArrayList<>(rows.values());
            for (Map<String, Object> m : table) {
                if (m.containsKey("targetHouseholds")) {
                    m.put("householdsPercent", percent(m.get("householdsPaid"), m.get("targetHouseholds")));
                    m.put("budgetPercent", percent(m.get("disbursedRupiah"), m.get("budget")));
                }
                // Rupiah paid to so few households, and the share of the target they make, single them out too.
                suppression.byBasis(m, "householdsPaid", List.of("householdsPaid", "householdsPercent",
                        "disbursedRupiah", "budgetPercent").stream().filter(m::containsKey).toList());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("columns", REALIZATION_COLUMNS);
            result.put("rows", table);
            return result;
        }));
    }

    /** A percentage with one decimal, or null when there is nothing to measure against. */
    static Double percent(Object part, Object whole) {
        if (!(part instanceof Number p) || !(whole instanceof Number w) || w.longValue() == 0) {
            return null;
        }
        return Math.round(p.doubleValue() * 1000.0 / w.doubleValue()) / 10.0;
    }

    private static Map<String, Object> table(List<String> columns, List<Map<String, Object>> rows,
            Map<String, Object> total) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("columns", columns);
        table.put("rows", rows);
        table.put("total", total);
        return table;
    }

    private Map<String, Object> namedRow(String code) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("code", code);
        row.put("name", regions.name(code));
        return row;
    }

    private Map<String, Object> region(String code) {
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("code", code);
        region.put("name", regions.name(code));
        region.put("level", Regions.level(code));
        return region;
    }

    /** The regions from the top down to {@code code} that the caller may open. */
    private List<Map<String, Object>> path(String code, RegionScope scope) {
        List<Map<String, Object>> path = new ArrayList<>();
        if (code.isEmpty()) {
            return path;
        }
        String[] parts = code.split("\\.");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            prefix.append(prefix.length() == 0 ? "" : ".").append(part);
            if (scope.allows(prefix.toString())) {
                path.add(region(prefix.toString()));
            }
        }
        return path;
    }

    private static <T> Uni<List<T>> collect(List<Group> groups, Function<Group, Uni<List<T>>> query) {
        Uni<List<T>> all = Uni.createFrom().item(new ArrayList<>());
        for (Group g : groups) {
            all = all.chain(list -> query.apply(g).map(more -> {
                list.addAll(more);
                return list;
            }));
        }
        return all;
    }

    private static int childKeyLength(String code) {
        return switch (code.length()) {
            case 0 -> 2;
            case 2 -> 5;
            default -> 8;
        };
    }

    private static String where(String code, RegionScope scope, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (!code.isEmpty()) {
            String name = "r" + params.size();
            conditions.add("(district = :" + name + " or district like :" + name + "u)");
            params.put(name, code);
            params.put(name + "u", code + ".%");
        }
        String scoped = scope.condition("district", "s", params);
        if (scoped != null) {
            conditions.add(scoped);
        }
        return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
    }

    private static List<String> columnNames(List<String> flags) {
        return flags.stream().map(f -> f.equals("relapse_suspected") ? "relapseSuspected" : f).toList();
    }

    static long num(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }
}
