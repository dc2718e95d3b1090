package id.graduasi.assistance.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.events.contract.ProgrammeAllocated;
import io.smallrye.mutiny.Uni;

/** The allocations assistance has announced, by their record key (programme/year[/region]). */
@ApplicationScoped
public class AllocationRepository {

    /** What was announced last for a key. */
    public record Announced(String fundingSource, long budget, long targetHouseholds, long revision) {
    }

    public Uni<Map<String, Announced>> announced() {
        return NativeSql.rows("""
                select programme, year, region, funding_source, budget, target_households, revision
                from announced_allocation""").map(rows -> {
                    Map<String, Announced> byKey = new HashMap<>();
                    for (Object[] r : rows) {
                        String region = (String) r[2];
                        byKey.put(ProgrammeAllocated.key((String) r[0], ((Number) r[1]).intValue(),
                                region.isEmpty() ? null : region), new Announced((String) r[3],
                                        ((Number) r[4]).longValue(), ((Number) r[5]).longValue(),
                                        ((Number) r[6]).longValue()));
                    }
                    return byKey;
                });
    }

    /** Records these allocations as announced, each with the revision it carries. */
    public Uni<Integer> save(List<ProgrammeAllocated> allocations) {
        int n = allocations.size();
        String[] programmes = new String[n];
        Integer[] years = new Integer[n];
        String[] regions = new String[n];
        String[] sources = new String[n];
        Long[] budgets = new Long[n];
        Long[] targets = new Long[n];
        Long[] revisions = new Long[n];
        for (int i = 0; i < n; i++) {
            ProgrammeAllocated a = allocations.get(i);
            programmes[i] = a.programme();
            years[i] = a.year();
            regions[i] = a.region() == null ? "" : a.region();
            sources[i] = a.fundingSource();
            budgets[i] = a.budget();
            targets[i] = a.targetHouseholds();
            revisions[i] = a.revision();
        }
        return NativeSql.update("""
                insert into announced_allocation (programme, year, region, funding_source, budget, target_households,
                                                  revision)
                select * from unnest(cast(?1 as text[]), cast(?2 as int[]), cast(?3 as text[]), cast(?4 as text[]),
                                     cast(?5 as bigint[]), cast(?6 as bigint[]), cast(?7 as bigint[]))
                on conflict (programme, year, region) do update set funding_source = excluded.funding_source,
                    budget = excluded.budget, target_households = excluded.target_households,
                    revision = excluded.revision, announced_at = now()""", programmes, years, regions, sources,
                budgets, targets, revisions);
    }
}
