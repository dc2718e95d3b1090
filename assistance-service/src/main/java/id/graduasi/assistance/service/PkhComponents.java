package id.graduasi.assistance.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.assistance.config.Programmes;
import id.graduasi.assistance.config.ReferenceFiles;

/**
 * PKH benefit components and their amounts, read from a CSV file (amounts change by decree: data, not code).
 * Which member earns which component is the rule set below; the file must price exactly those components, and
 * every annual amount must split into whole rupiah per tranche, or the service does not start.
 */
@ApplicationScoped
public class PkhComponents {

    /** The components the entitlement rules know (see {@code CycleService}); the file prices each. */
    static final Set<String> RULES = Set.of("PREGNANT", "EARLY_CHILDHOOD", "PRIMARY_SCHOOL", "JUNIOR_SECONDARY",
            "SENIOR_SECONDARY", "ELDERLY", "SEVERE_DISABILITY");

    private final Map<String, Long> perTranche = new LinkedHashMap<>();
    private final int tranchesPerYear;
    private final int maxPerFamily;

    /**
     * Which components a member ({@code m}, a member_projection row) earns on the date bound to the parameter
     * {@code dateParameter} (e.g. {@code ?2}): the one rule set behind both entitlements and PKH eligibility.
     * Yields rows {@code rule(code, applies)}.
     */
    public static String memberRules(String dateParameter) {
        return MEMBER_RULES_SQL.replace(":on", dateParameter);
    }

    private static final String MEMBER_RULES_SQL = """
            cross join lateral (values
                ('PREGNANT', m.pregnant),
                ('EARLY_CHILDHOOD', m.birth_date > cast(:on as date) - interval '7 years'
                    and m.birth_date <= cast(:on as date)),
                ('PRIMARY_SCHOOL', m.school_enrolled and m.education_level = 'SD'),
                ('JUNIOR_SECONDARY', m.school_enrolled and m.education_level = 'SMP'),
                ('SENIOR_SECONDARY', m.school_enrolled and m.education_level = 'SMA'),
                ('ELDERLY', m.birth_date <= cast(:on as date) - interval '60 years'),
                ('SEVERE_DISABILITY', m.disability)) as rule(code, applies)""";

    public PkhComponents(@ConfigProperty(name = "graduasi.assistance.pkh.components-file") String file,
            Programmes programmes,
            @ConfigProperty(name = "graduasi.assistance.pkh.max-components-per-family") int maxPerFamily) {
        int tranchesPerYear = programmes.get("PKH").tranchesPerYear();
        if (maxPerFamily < 1) {
            throw new IllegalStateException("PKH needs at least 1 component per family");
        }
        this.tranchesPerYear = tranchesPerYear;
        this.maxPerFamily = maxPerFamily;
        try (BufferedReader reader = ReferenceFiles.open(file)) {
            List<String> lines = reader.lines().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty() || !lines.get(0).startsWith("component,description,annual_benefit_idr")) {
                throw new IllegalStateException(file + ": the header must start with "
                        + "component,description,annual_benefit_idr");
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.split(",", -1);
                long annual = Long.parseLong(columns[2].strip());
                if (annual <= 0 || annual % tranchesPerYear != 0) {
                    throw new IllegalStateException(file + ": " + columns[0] + " " + annual
                            + " rupiah a year does not split into " + tranchesPerYear + " whole-rupiah tranches");
                }
                perTranche.put(columns[0].strip(), annual / tranchesPerYear);
            }
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("PKH components cannot be read from " + file + ": " + e, e);
        }
        if (!perTranche.keySet().equals(RULES)) {
            throw new IllegalStateException(file + " must price exactly the components " + RULES + ", not "
                    + perTranche.keySet());
        }
    }

    /** Rupiah per tranche by component. */
    public Map<String, Long> perTranche() {
        return perTranche;
    }

    public int tranchesPerYear() {
        return tranchesPerYear;
    }

    public int maxPerFamily() {
        return maxPerFamily;
    }
}
