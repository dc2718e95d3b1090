import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a bulk-import CSV of synthetic households in Kalimantan Timur (64) and Kalimantan Utara (65): real
 * village codes, 3-6 members each, NIKs consistent with sex and birth date and unique. Deterministic per seed.
 *
 * java GenerateHouseholds.java <households> <out.csv> [seed]
 */
public class GenerateHouseholds {

    private static final String[] FIRST = {"Siti", "Nur", "Sri", "Dewi", "Rina", "Ahmad", "Budi", "Agus", "Joko",
            "Andi", "Rizky", "Putri", "Ayu", "Dimas", "Fajar", "Indah", "Yusuf", "Rahmat", "Lestari", "Wahyu"};
    private static final String[] LAST = {"Aminah", "Hidayat", "Saputra", "Wati", "Santoso", "Pratama", "Lestari",
            "Kurniawan", "Halimah", "Setiawan", "Rahman", "Utami", "Nugroho", "Fitriani", "Syahputra"};

    public static void main(String[] args) throws IOException {
        int households = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : 42);
        List<String> villages = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("villages",
                "registry-service/src/main/resources/reference/wilayah/villages.csv")))) {
            if (line.startsWith("64.") || line.startsWith("65.")) {
                villages.add(line.substring(0, line.indexOf(',')));
            }
        }
        Map<String, Integer> serials = new HashMap<>();
        String[] categories = {"RTSM", "MISKIN", "RENTAN"};
        long members = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("kk_number,village_code,address,welfare_category,dtsen_decile,nik,name,sex,birth_date,"
                    + "relationship,education_level,school_enrolled,occupation,disability,pregnant\n");
            for (int h = 0; h < households; h++) {
                String village = villages.get(random.nextInt(villages.size()));
                String area = village.replace(".", "").substring(0, 6);
                String kk = area + String.format("%010d", h + 1);
                String household = String.join(",", kk, village, "\"RT " + (1 + random.nextInt(20)) + "\"",
                        categories[random.nextInt(3)], Integer.toString(1 + random.nextInt(4)));
                int size = 3 + random.nextInt(4);
                for (int m = 0; m < size; m++) {
                    String relationship = m == 0 ? "HEAD" : m == 1 ? "SPOUSE" : "CHILD";
                    String sex = m == 0 ? (random.nextInt(4) == 0 ? "F" : "M") : m == 1 ? "F" : random.nextBoolean() ? "M" : "F";
                    LocalDate born = m < 2 ? LocalDate.of(1965 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28))
                            : LocalDate.of(2005 + random.nextInt(20), 1 + random.nextInt(12), 1 + random.nextInt(28));
                    int day = born.getDayOfMonth() + ("F".equals(sex) ? 40 : 0);
                    String key = area + day + born.getMonthValue() + born.getYear() % 100;
                    int serial = serials.merge(key, 1, Integer::sum);
                    String nik = area + String.format("%02d%02d%02d%04d", day, born.getMonthValue(), born.getYear() % 100, serial);
                    boolean school = m >= 2 && born.getYear() >= 2007 && born.getYear() <= 2019;
                    w.write(String.join(",", household, nik, FIRST[random.nextInt(FIRST.length)] + " "
                            + LAST[random.nextInt(LAST.length)], sex, born.toString(), relationship,
                            school ? "SD" : "SMP", Boolean.toString(school), "", "false", "false"));
                    w.write('\n');
                    members++;
                }
            }
        }
        System.out.println(households + " households, " + members + " members -> " + out);
    }
}
