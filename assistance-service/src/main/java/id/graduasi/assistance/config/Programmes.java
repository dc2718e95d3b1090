package id.graduasi.assistance.config;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The programmes this office runs, read from a JSON file (graduasi.assistance.programmes-file): how households
 * enter (automatically, proposed for an officer, manually, or as a KUBE group), what they receive, who is eligible
 * and what happens when they graduate. Rules are data; the facts they may name are the fixed set in {@link Fact}.
 * A file that names an unknown fact or is incomplete stops the service at startup.
 */
@ApplicationScoped
public class Programmes {

    public enum Enrolment {
        /** Enrolled (and suspended, and resumed) as eligibility changes. */
        AUTOMATIC,
        /** Eligible households are proposed; an officer activates them within the year's quota. */
        PROPOSED,
        /** An officer enrols a household, with a justification. */
        MANUAL,
        /** Households enter together by forming a group (KUBE). */
        GROUP
    }

    public enum Basis {
        /** PKH: per member components priced in the PKH components file. */
        PKH_COMPONENTS,
        PER_HOUSEHOLD,
        /** One grant per group, paid to the group through its chair's enrollment. */
        PER_GROUP
    }

    public enum ExitPolicy {
        /** Graduation ends the enrollment and cancels what was not yet sent. */
        END_NOW,
        /** Graduation ends the enrollment; entitlements already computed are still paid. */
        END_AFTER_CURRENT_CYCLE,
        /** The enrollment stays active for {@code transitionalMonths}, then ends. */
        CONTINUE_TRANSITIONAL
    }

    /** What eligibility conditions may name. */
    public enum Fact {
        PKH_COMPONENTS("pkhComponents", "members qualifying for a PKH component", true),
        WORKING_AGE_MEMBERS("workingAgeMembers", "working-age members (15-64)", true),
        FLOOR_MATERIAL("floorMaterial", "floor material", false),
        WALL_MATERIAL("wallMaterial", "wall material", false),
        WALL_CONDITION("wallCondition", "wall condition", false),
        ROOF_CONDITION("roofCondition", "roof condition", false),
        SANITATION("sanitation", "sanitation", false),
        FLOOR_AREA_PER_PERSON("floorAreaPerPerson", "floor area per person (m²)", false);

        public final String key;
        public final String label;
        /** A count: compared with {@code atLeast}; the others are observed indicators. */
        public final boolean count;

        Fact(String key, String label, boolean count) {
            this.key = key;
            this.label = label;
            this.count = count;
        }

        static Optional<Fact> of(String key) {
            for (Fact f : values()) {
                if (f.key.equals(key)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** One condition: a count {@code atLeast} n, a value {@code in} a set, or a number {@code below} a bound. */
    public record Condition(String fact, Integer atLeast, List<String> in, BigDecimal below) {

        public Fact factKind() {
            return Fact.of(fact).orElseThrow();
        }
    }

    /** All of {@code all}, and at least {@code atLeast} of {@code of}. */
    public record Rule(List<Condition> all, Integer atLeast, List<Condition> of) {

        public List<Condition> allConditions() {
            return all == null ? List.of() : all;
        }

        public List<Condition> anyConditions() {
            return of == null ? List.of() : of;
        }
    }

    public record Benefit(Basis basis, Long amount, boolean once) {
    }

    public record Group(int minHouseholds, int maxHouseholds) {
    }

    public record Programme(String code, String name, Enrolment enrolment, Group group, Benefit benefit,
            int tranchesPerYear, boolean conditional, boolean capped, Rule eligibility, ExitPolicy exitPolicy,
            Integer transitionalMonths, boolean reopenOnReversal) {
    }

    record File(List<Programme> programmes) {
    }

    private final Map<String, Programme> byCode = new LinkedHashMap<>();

    public Programmes(@ConfigProperty(name = "graduasi.assistance.programmes-file") String file) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        try (Reader reader = ReferenceFiles.open(file)) {
            File parsed = mapper.readValue(reader, File.class);
            for (Programme p : parsed.programmes()) {
                validate(file, p);
                if (byCode.put(p.code(), p) != null) {
                    throw new IllegalStateException(file + ": programme " + p.code() + " twice");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("programmes cannot be read from " + file + ": " + e.getMessage(), e);
        }
        if (!byCode.containsKey("PKH")) {
            throw new IllegalStateException(file + ": PKH is missing");
        }
    }

    private static void validate(String file, Programme p) {
        String where = file + ": programme " + p.code() + ": ";
        require(p.code() != null && p.code().matches("[A-Z_]{2,40}"), where + "code must be A-Z and _");
        require(p.enrolment() != null && p.benefit() != null && p.benefit().basis() != null
                && p.exitPolicy() != null && p.eligibility() != null, where + "enrolment, benefit, eligibility "
                + "and exitPolicy are required");
        require(p.tranchesPerYear() >= 1 && p.tranchesPerYear() <= 12, where + "tranchesPerYear must be 1-12");
        require((p.benefit().basis() == Basis.PKH_COMPONENTS) == p.code().equals("PKH"),
                where + "PKH, and only PKH, is paid by PKH components");
        require(p.benefit().basis() == Basis.PKH_COMPONENTS
                || p.benefit().amount() != null && p.benefit().amount() > 0, where + "benefit amount must be > 0");
        require((p.enrolment() == Enrolment.GROUP) == (p.benefit().basis() == Basis.PER_GROUP),
                where + "group enrolment goes with a per-group benefit");
        require(p.enrolment() != Enrolment.GROUP || p.group() != null && p.group().minHouseholds() >= 2
                && p.group().maxHouseholds() >= p.group().minHouseholds(), where + "group sizes are required");
        require(p.exitPolicy() != ExitPolicy.CONTINUE_TRANSITIONAL
                || p.transitionalMonths() != null && p.transitionalMonths() > 0, where + "transitionalMonths > 0");
        Rule rule = p.eligibility();
        require(!rule.allConditions().isEmpty() || !rule.anyConditions().isEmpty(), where + "eligibility is empty");
        require(rule.anyConditions().isEmpty() == (rule.atLeast() == null)
                && (rule.atLeast() == null || rule.atLeast() >= 1 && rule.atLeast() <= rule.anyConditions().size()),
                where + "atLeast goes with of, between 1 and its size");
        for (Condition c : concat(rule.allConditions(), rule.anyConditions())) {
            Optional<Fact> fact = Fact.of(c.fact());
            require(fact.isPresent(), where + "unknown fact " + c.fact() + "; known: "
                    + Set.of(Fact.values()).stream().map(f -> f.key).sorted().toList());
            int forms = (c.atLeast() != null ? 1 : 0) + (c.in() != null ? 1 : 0) + (c.below() != null ? 1 : 0);
            require(forms == 1, where + c.fact() + " needs exactly one of atLeast, in, below");
            require(fact.get().count == (c.atLeast() != null), where + c.fact()
                    + (fact.get().count ? " is a count: use atLeast" : " is an indicator: use in or below"));
        }
    }

    private static List<Condition> concat(List<Condition> a, List<Condition> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    public List<Programme> all() {
        return List.copyOf(byCode.values());
    }

    public Optional<Programme> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Programme get(String code) {
        return find(code).orElseThrow(() -> new IllegalArgumentException("no programme " + code));
    }
}
