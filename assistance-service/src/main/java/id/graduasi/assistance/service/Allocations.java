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
 * ({@code programme,year,funding_source,budget_idr,target_households}; lines starting with # are comments).
 * Allocations are decided by budget laws, not by code.
 */
@ApplicationScoped
public class Allocations {

    public static final Set<String> FUNDING_SOURCES = Set.of("APBN", "APBD_PROVINCE", "APBD_REGENCY");

    public record Allocation(String programme, int year, String fundingSource, long budget, long targetHouseholds) {
    }

    private final Map<String, Allocation> byKey = new HashMap<>();

    public Allocations(@ConfigProperty(name = "graduasi.assistance.allocations-file") String file) {
        try (BufferedReader reader = ReferenceFiles.open(file)) {
            List<String> lines = reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            if (lines.isEmpty() || !lines.get(0).equals("programme,year,funding_source,budget_idr,target_households")) {
                throw new IllegalStateException(file + ": the header must be "
                        + "programme,year,funding_source,budget_idr,target_households");
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",", -1);
                Allocation a = new Allocation(c[0].strip(), Integer.parseInt(c[1].strip()), c[2].strip(),
                        Long.parseLong(c[3].strip()), Long.parseLong(c[4].strip()));
                if (!FUNDING_SOURCES.contains(a.fundingSource()) || a.budget() < 0 || a.targetHouseholds() < 0) {
                    throw new IllegalStateException(file + ": bad allocation " + line + " (funding source one of "
                            + FUNDING_SOURCES + ", budget and target not negative)");
                }
                if (byKey.put(a.programme() + ":" + a.year(), a) != null) {
                    throw new IllegalStateException(file + ": " + a.programme() + " " + a.year() + " twice");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("allocations cannot be read from " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<Allocation> of(String programme, int year) {
        return Optional.ofNullable(byKey.get(programme + ":" + year));
    }
}
