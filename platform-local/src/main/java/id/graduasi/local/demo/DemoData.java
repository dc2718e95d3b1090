package id.graduasi.local.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Synthetic but realistic households of Kalimantan Timur (64) and Kalimantan Utara (65), deterministic per seed:
 * official village codes (the registry's wilayah data), members with valid NIKs (district code, birth date with
 * 40 added to a woman's day, serial), PKH-relevant people (school children, toddlers, pregnant women, elderly,
 * disabilities), and for each household a monthly expenditure path around its province's BPS poverty line.
 * Writes the registry's bulk-import CSV; the {@link Plan} of household {@code i} is computed on its own, so a
 * scenario at 10 million households needs no memory per household.
 */
public final class DemoData {

    private static final String[] MEN = {"Ahmad", "Budi", "Agus", "Joko", "Andi", "Rizky", "Dimas", "Fajar",
            "Yusuf", "Rahmat", "Wahyu", "Hendra", "Imam", "Syahrul", "Arif", "Bayu", "Dedi", "Irfan", "Muhammad"};
    private static final String[] WOMEN = {"Siti", "Nur", "Sri", "Dewi", "Rina", "Putri", "Ayu", "Indah",
            "Lestari", "Fitri", "Rahmawati", "Yuliana", "Hasnah", "Maryam", "Wulan", "Ratna", "Ani", "Dayang"};
    private static final String[] FAMILY = {"Aminah", "Hidayat", "Saputra", "Wati", "Santoso", "Pratama",
            "Kurniawan", "Halimah", "Setiawan", "Rahman", "Utami", "Nugroho", "Fitriani", "Syahputra", "Bahtiar",
            "Ramadhan", "Sulaiman", "Hamzah", "Kadir", "Lamba"};
    static final String HEADER = "kk_number,village_code,address,welfare_category,dtsen_decile,nik,name,sex,"
            + "birth_date,relationship,education_level,school_enrolled,occupation,disability,pregnant";

    private final long seed;
    private final List<String> villages;
    private final Map<String, Long> povertyLines;

    /** Ages are counted back from this day, so that one seed always writes the same file, byte for byte. */
    static final LocalDate AGES_AS_OF = LocalDate.of(2026, 1, 1);

    /** @param root the repository root (the region codes and poverty lines are read from the services' copies) */
    public DemoData(Path root, long seed) {
        this.seed = seed;
        try {
            this.villages = Files.readAllLines(root.resolve(
                    "registry-service/src/main/resources/reference/wilayah/villages.csv")).stream()
                    .filter(l -> l.startsWith("64.") || l.startsWith("65."))
                    .map(l -> l.substring(0, l.indexOf(','))).sorted().toList();
            // The latest BPS line per province: the figure the graduation service compares with.
            Map<String, String> latestPeriod = new HashMap<>();
            this.povertyLines = new HashMap<>();
            for (String line : Files.readAllLines(root.resolve(
                    "graduation-service/src/main/resources/reference/poverty-lines.csv"))) {
                String[] f = line.split(",");
                if ((f[0].equals("64") || f[0].equals("65"))
                        && f[2].compareTo(latestPeriod.getOrDefault(f[0], "")) > 0) {
                    latestPeriod.put(f[0], f[2]);
                    povertyLines.put(f[0], Long.parseLong(f[3]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (villages.isEmpty() || povertyLines.size() != 2) {
            throw new IllegalStateException("region codes or poverty lines for provinces 64 and 65 not found");
        }
    }

    /** How household {@code index} lives through the scenario. */
    public record Plan(int index, String kk, String villageCode, long povertyLine, long[] expenditure,
            int incomeSources, long savings, boolean businessActive, int assessmentScore, boolean childOutOfSchool,
            boolean decentHouse) {

        public String district() {
            return villageCode.substring(0, villageCode.lastIndexOf('.'));
        }

        /** Above the poverty line in every one of the last six months, and assessed well: should graduate. */
        public boolean expectedToQualify() {
            for (int m = expenditure.length - 6; m < expenditure.length; m++) {
                if (expenditure[m] <= povertyLine) {
                    return false;
                }
            }
            return assessmentScore >= 70 && !childOutOfSchool && incomeSources >= 2 && savings > 0 && businessActive;
        }
    }

    /** Observation months, oldest first: seven, so that "the last six months" are all covered. */
    public static final int MONTHS = 7;

    public Plan plan(int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        String village = villages.get(r.nextInt(villages.size()));
        long line = povertyLines.get(village.substring(0, 2));
        // Where the family starts relative to the line, and whether its income is improving: about a third
        // climb steadily out of poverty (the programmes' target), the others hover around or below the line.
        double start = 0.55 + r.nextDouble() * 0.6;
        boolean improving = r.nextInt(100) < 35;
        double monthly = improving ? 0.05 + r.nextDouble() * 0.06 : -0.02 + r.nextDouble() * 0.04;
        long[] expenditure = new long[MONTHS];
        for (int m = 0; m < MONTHS; m++) {
            double factor = Math.max(0.3, start + monthly * m + (r.nextDouble() - 0.5) * 0.06);
            expenditure[m] = Math.round(line * factor / 1000) * 1000;
        }
        int score = improving ? 72 + r.nextInt(24) : 35 + r.nextInt(40);
        String area = village.replace(".", "").substring(0, 6);
        return new Plan(index, area + String.format("%010d", index + 1L), village, line, expenditure,
                improving ? 2 + r.nextInt(2) : r.nextInt(3), improving ? 250_000 + r.nextInt(20) * 50_000L
                        : r.nextInt(3) == 0 ? 0 : 50_000L * r.nextInt(4),
                improving || r.nextBoolean(), score, r.nextInt(100) < 6, improving || r.nextInt(3) > 0);
    }

    /** The districts the first {@code households} households live in, each to get a social worker. */
    public TreeSet<String> districts(int households) {
        TreeSet<String> districts = new TreeSet<>();
        for (int i = 0; i < households; i++) {
            districts.add(plan(i).district());
        }
        return districts;
    }

    /** Writes the bulk-import CSV of households {@code 0..households-1}; returns the number of member rows. */
    public long writeImportCsv(int households, Path out) throws IOException {
        Map<String, Integer> serials = new HashMap<>();
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (int i = 0; i < households; i++) {
                Plan plan = plan(i);
                for (String row : members(plan, serials)) {
                    w.write(row);
                    w.write('\n');
                    rows++;
                }
            }
        }
        return rows;
    }

    private List<String> members(Plan plan, Map<String, Integer> serials) {
        // A second stream for the people, so that the plan does not depend on how members are drawn.
        SplittableRandom r = new SplittableRandom(~(seed * 0x9E3779B97F4A7C15L + plan.index()));
        String family = FAMILY[r.nextInt(FAMILY.length)];
        String[] categories = {"RTSM", "MISKIN", "RENTAN"};
        int decile = 1 + r.nextInt(4);
        String household = String.join(",", plan.kk(), plan.villageCode(), "\"RT " + (1 + r.nextInt(30)) + " Gang "
                + (1 + r.nextInt(12)) + "\"", categories[Math.min(2, (decile - 1) / 2 + r.nextInt(2))],
                Integer.toString(decile));
        String area = plan.kk().substring(0, 6);
        List<String> rows = new ArrayList<>();
        boolean femaleHead = r.nextInt(5) == 0;
        int headAge = 25 + r.nextInt(40);
        rows.add(person(household, area, serials, r, femaleHead ? "F" : "M", headAge, "HEAD", family, false, false));
        boolean spouse = !femaleHead || r.nextInt(4) == 0;
        boolean pregnant = false;
        if (spouse) {
            int age = Math.max(20, headAge - 8 + r.nextInt(12));
            pregnant = !femaleHead && age < 42 && r.nextInt(12) == 0;
            rows.add(person(household, area, serials, r, femaleHead ? "M" : "F", age, "SPOUSE", family, false,
                    pregnant));
        }
        int children = r.nextInt(Math.max(1, Math.min(5, headAge - 18)));
        boolean outOfSchoolPlaced = false;
        for (int c = 0; c < children; c++) {
            int age = Math.min(headAge - 18, r.nextInt(19));
            boolean outOfSchool = plan.childOutOfSchool() && !outOfSchoolPlaced && age >= 7 && age <= 18;
            outOfSchoolPlaced |= outOfSchool;
            rows.add(person(household, area, serials, r, r.nextBoolean() ? "M" : "F", Math.max(0, age), "CHILD",
                    family, outOfSchool, false));
        }
        if (r.nextInt(7) == 0) {
            rows.add(person(household, area, serials, r, r.nextBoolean() ? "M" : "F", 60 + r.nextInt(25), "PARENT",
                    FAMILY[r.nextInt(FAMILY.length)], false, false));
        }
        return rows;
    }

    private String person(String household, String area, Map<String, Integer> serials, SplittableRandom r,
            String sex, int age, String relationship, String family, boolean outOfSchool, boolean pregnant) {
        LocalDate born = AGES_AS_OF.minusYears(age).minusDays(1 + r.nextInt(364));
        int day = born.getDayOfMonth() + ("F".equals(sex) ? 40 : 0);
        String date = String.format("%02d%02d%02d", day, born.getMonthValue(), born.getYear() % 100);
        // Synthetic people take serials from 5001, leaving the low ones to hand-typed examples (README, tests).
        int serial = 5000 + serials.merge(area + date, 1, Integer::sum);
        String nik = area + date + String.format("%04d", serial);
        int years = AGES_AS_OF.getYear() - born.getYear() - (AGES_AS_OF.getDayOfYear() < born.getDayOfYear() ? 1 : 0);
        String education;
        boolean inSchool = false;
        if (years >= 7 && years <= 18) {
            education = years <= 12 ? "SD" : years <= 15 ? "SMP" : "SMA";
            inSchool = !outOfSchool;
        } else if (years < 7) {
            education = "NONE";
        } else {
            education = new String[] {"NONE", "SD", "SD", "SMP", "SMA"}[r.nextInt(5)];
        }
        String first = ("F".equals(sex) ? WOMEN : MEN)[r.nextInt(("F".equals(sex) ? WOMEN : MEN).length)];
        String occupation = "HEAD".equals(relationship) || "SPOUSE".equals(relationship)
                ? new String[] {"PETANI", "NELAYAN", "BURUH", "PEDAGANG", "MENGURUS_RUMAH_TANGGA"}[r.nextInt(5)] : "";
        boolean disability = r.nextInt(40) == 0;
        return String.join(",", household, nik, first + " " + family, sex, born.toString(), relationship, education,
                Boolean.toString(inSchool), occupation, Boolean.toString(disability), Boolean.toString(pregnant));
    }

    /** Households per province, for a summary line. */
    public Map<String, Integer> perProvince(int households) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < households; i++) {
            counts.merge(plan(i).villageCode().substring(0, 2), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * {@code java -cp ... DemoData <households> <out.csv> [seed]}: the bulk-import CSV alone (1 to 10,000,000
     * households), e.g. for the import benchmark.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DemoData <households 1..10000000> <out.csv> [seed]");
            System.exit(2);
        }
        int households = Integer.parseInt(args[0]);
        if (households < 1 || households > 10_000_000) {
            System.err.println("households must be between 1 and 10,000,000");
            System.exit(2);
        }
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 2026;
        Path root = Path.of(System.getProperty("graduasi.root", "."));
        long rows = new DemoData(root, seed).writeImportCsv(households, Path.of(args[1]));
        System.out.println(households + " households, " + rows + " member rows -> " + args[1]);
    }
}
