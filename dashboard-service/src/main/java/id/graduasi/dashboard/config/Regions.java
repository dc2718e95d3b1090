package id.graduasi.dashboard.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Names of provinces, regencies and districts by their official code (reference/wilayah, copied from the
 * registry's reference data). Events carry only codes.
 */
@ApplicationScoped
public class Regions {

    /** A province, regency or district code: the levels the dashboard drills through. */
    public static final Pattern REGION = Pattern.compile("\\d{2}(\\.\\d{2}(\\.\\d{2})?)?");
    private static final Pattern DISTRICT_PREFIX = Pattern.compile("^\\d{2}\\.\\d{2}\\.\\d{2}(\\..*)?$");

    private final Map<String, String> names = new HashMap<>();

    public Regions() {
        load("reference/wilayah/provinces.csv", 1);
        load("reference/wilayah/regencies.csv", 2);
        load("reference/wilayah/districts.csv", 2);
    }

    private void load(String resource, int nameColumn) {
        var in = Regions.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] parts = line.split(",", nameColumn + 1);
                if (parts.length > nameColumn) {
                    names.put(parts[0], parts[nameColumn].replace("\"", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name(String code) {
        return code == null || code.isEmpty() ? "Indonesia" : names.getOrDefault(code, code);
    }

    /** province, regency or district (by the code's segments); {@code national} for the empty code. */
    public static String level(String code) {
        if (code == null || code.isEmpty()) {
            return "national";
        }
        return switch (code.split("\\.").length) {
            case 1 -> "province";
            case 2 -> "regency";
            default -> "district";
        };
    }

    /** The district code (64.72.01) of a village code (64.72.01.1001); null when it has none. */
    public static String district(String villageCode) {
        return villageCode != null && DISTRICT_PREFIX.matcher(villageCode).matches() ? villageCode.substring(0, 8)
                : null;
    }
}
