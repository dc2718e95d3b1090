package id.graduasi.dashboard.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Small-count suppression (k-anonymity): a count of households from 1 to k - 1 becomes null (shown as "&lt; k"),
 * and figures derived from so few households (rupiah, visits, caseload) with it. Zero is shown: it discloses no
 * household. When one row alone is suppressed in a column whose total is shown, the next smallest figure of the
 * column is suppressed too, so the hidden one cannot be recovered as total minus the others.
 */
final class Suppression {

    private final int k;

    Suppression(int k) {
        this.k = Math.max(1, k);
    }

    boolean small(Object value) {
        return value instanceof Number n && n.longValue() > 0 && n.longValue() < k;
    }

    /** Suppresses {@code columns} of a row when the household count in {@code basis} is small. */
    void byBasis(Map<String, Object> row, String basis, List<String> columns) {
        if (small(row.get(basis))) {
            columns.forEach(c -> row.put(c, null));
        }
    }

    /** Primary suppression of each column's small counts, then the secondary one against the total. */
    void columns(List<Map<String, Object>> rows, Map<String, Object> total, List<String> columns) {
        for (String column : columns) {
            List<Map<String, Object>> hidden = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                if (small(row.get(column))) {
                    row.put(column, null);
                    hidden.add(row);
                }
            }
            if (total != null && small(total.get(column))) {
                total.put(column, null);
            }
            if (hidden.size() == 1 && rows.size() > 1 && total != null && total.get(column) != null) {
                rows.stream().filter(r -> r.get(column) instanceof Number n && n.longValue() > 0)
                        .min(Comparator.comparingLong(r -> ((Number) r.get(column)).longValue()))
                        .ifPresent(r -> r.put(column, null));
            }
        }
    }
}
