package id.graduasi.dashboard.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * BPS provincial poverty lines (reference/poverty/poverty-lines.csv: {@code province_code,province,period,
 * poverty_line_idr_per_capita_month,...}), read once at start-up: the poverty context of the dashboard.
 */
@ApplicationScoped
public class PovertyLines {

    /** A province's line from {@code period} (YYYY-MM) on, rupiah per capita per month. */
    public record Line(String province, String period, long rupiah) {
    }

    private static final String FILE = "reference/poverty/poverty-lines.csv";
    private final List<Line> lines = new ArrayList<>();

    public PovertyLines() {
        try (InputStream in = PovertyLines.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> {
                    String[] c = l.split(",", -1);
                    lines.add(new Line(c[0].strip(), c[2].strip(), Long.parseLong(c[3].strip())));
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException(FILE + " cannot be read", e);
        }
    }

    public List<Line> all() {
        return List.copyOf(lines);
    }

    /** The province's line in force in {@code month} (YYYY-MM): the latest period not after it, or null. */
    public Long of(String province, String month) {
        return lines.stream().filter(l -> l.province().equals(province) && l.period().compareTo(month) <= 0)
                .max(java.util.Comparator.comparing(Line::period)).map(Line::rupiah).orElse(null);
    }
}
