package id.graduasi.assistance.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.assistance.config.ReferenceFiles;

/**
 * Each programme's budget and target per year and its funding source, from a CSV file
 * ({@code programme,year,funding_source,budget_idr,target_households,region}; lines starting with # are
 * comments). A row with an empty region is the programme's whole allocation; a row with a region code (a
 * province, regency, district or village) is that region's share, which realization reports measure the region
 * against. Allocations are decided by budget laws, not by code.
 */
@ApplicationScoped
public class Allocations {

    public static final Set<String> FUNDING_SOURCES = Set.of("APBN", "APBD_PROVINCE", "APBD_REGENCY");

    public record Allocation(String programme, int year, String fundingSource, long budget, long targetHouseholds,
            String region) {
    }

    private static final String HEADER = "programme,year,funding_source,budget_idr,target_households,region";
    /** A region code at any level: province 64, regency 64.72, district 64.72.01, village 64.72.01.1001. */
    public static final String REGION_CODE = "\\d{2}(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?";
    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile(REGION_CODE);

    private final Map<String, Allocation> byKey = new HashMap<>();

    public Allocations(@ConfigProperty(name = "graduasi.assistance.allocations-file") String file) {
        try (BufferedReader reader = ReferenceFiles.open(file)) {
            List<String> lines = reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IllegalStateException(file + ": the header must be " + HEADER);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",", -1);
                String region = c.length > 5 && !c[5].isBlank() ? c[5].strip() : null;
                Allocation a = new Allocation(c[0].strip(), Integer.parseInt(c[1].strip()), c[2].strip(),
                        Long.parseLong(c[3].strip()), Long.parseLong(c[4].strip()), region);
                if (!FUNDING_SOURCES.contains(a.fundingSource()) || a.budget() < 0 || a.targetHouseholds() < 0
                        || region != null && !REGION.matcher(region).matches()) {
                    throw new IllegalStateException(file + ": bad allocation " + line + " (funding source one of "
                            + FUNDING_SOURCES + ", budget and target not negative, region a region code or empty)");
                }
                if (byKey.put(key(a.programme(), a.year(), region), a) != null) {
                    throw new IllegalStateException(file + ": " + a.programme() + " " + a.year() + " "
                            + (region == null ? "" : region + " ") + "twice");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("allocations cannot be read from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every allocation of the file, whole ones and regions' shares, in a stable order. */
    public List<Allocation> all() {
        return byKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }

    /** The programme's whole allocation for the year. */
    public Optional<Allocation> of(String programme, int year) {
        return Optional.ofNullable(byKey.get(key(programme, year, null)));
    }

    /** A region's share of the programme's allocation for the year, if the file gives one. */
    public Optional<Allocation> ofRegion(String programme, int year, String region) {
        return Optional.ofNullable(byKey.get(key(programme, year, region)));
    }

    private static String key(String programme, int year, String region) {
        return programme + ":" + year + ":" + (region == null ? "" : region);
    }
}
