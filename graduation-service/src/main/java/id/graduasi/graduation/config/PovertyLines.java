package id.graduasi.graduation.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.graduation.domain.Snapshot;

/**
 * BPS provincial poverty lines from a CSV file ({@code province_code,province,period,
 * poverty_line_idr_per_capita_month,...,source,source_kind}): data, never code. A new BPS period is a new row.
 * The service does not start if the file cannot be read.
 */
@ApplicationScoped
public class PovertyLines {

    private final List<Snapshot.PovertyLine> lines = new ArrayList<>();

    public PovertyLines(@ConfigProperty(name = "graduasi.graduation.poverty-lines-file") String file) {
        try (BufferedReader reader = ReferenceFiles.open(file)) {
            List<String> rows = reader.lines().filter(l -> !l.isBlank()).toList();
            if (rows.isEmpty() || !rows.get(0).startsWith("province_code,province,period,"
                    + "poverty_line_idr_per_capita_month")) {
                throw new IllegalStateException(file + ": the header must start with province_code,province,period,"
                        + "poverty_line_idr_per_capita_month");
            }
            for (String row : rows.subList(1, rows.size())) {
                String[] c = row.split(",", -1);
                String code = c[0].strip();
                String period = c[2].strip();
                YearMonth.parse(period);
                if (!code.matches("\\d{2}")) {
                    throw new IllegalStateException(file + ": province code " + code + " is not two digits");
                }
                long line = Long.parseLong(c[3].strip());
                if (line <= 0) {
                    throw new IllegalStateException(file + ": poverty line " + line + " must be positive");
                }
                lines.add(new Snapshot.PovertyLine(code, c[1].strip(), period, line,
                        c.length > 7 ? c[7].strip() : null));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("poverty lines cannot be read from " + file + ": " + e, e);
        }
    }

    /** The province's lines, oldest period first (empty if the file has none for it). */
    public List<Snapshot.PovertyLine> ofProvince(String provinceCode) {
        return lines.stream().filter(l -> l.provinceCode().equals(provinceCode))
                .sorted(java.util.Comparator.comparing(Snapshot.PovertyLine::period)).toList();
    }

    public List<Snapshot.PovertyLine> all() {
        return List.copyOf(lines);
    }
}
