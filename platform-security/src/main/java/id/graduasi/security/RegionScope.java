package id.graduasi.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The region codes a caller may see, as prefixes of the dot-separated official codes: {@code 64} (a province),
 * {@code 64.72} (a regency), {@code 64.72.01} (a district) or a village; {@code *} is every region. A prefix
 * matches whole segments only: {@code 64.7} matches neither {@code 64.72.01.1001} nor anything else.
 */
public record RegionScope(Set<String> prefixes) {

    public static final String EVERYWHERE = "*";

    public RegionScope {
        prefixes = Set.copyOf(new TreeSet<>(prefixes));
    }

    public static RegionScope everywhere() {
        return new RegionScope(Set.of(EVERYWHERE));
    }

    public static RegionScope nowhere() {
        return new RegionScope(Set.of());
    }

    public boolean unrestricted() {
        return prefixes.contains(EVERYWHERE);
    }

    public boolean allows(String regionCode) {
        if (unrestricted()) {
            return true;
        }
        if (regionCode == null) {
            return false;
        }
        return prefixes.stream().anyMatch(p -> regionCode.equals(p) || regionCode.startsWith(p + "."));
    }

    /**
     * An HQL (or SQL) condition limiting {@code column} to this scope, with its parameters added to
     * {@code params} under names starting with {@code name}; {@code null} when unrestricted. Put it in the query's
     * where clause so that counts and pages only ever see rows in scope.
     */
    public String condition(String column, String name, Map<String, Object> params) {
        if (unrestricted()) {
            return null;
        }
        if (prefixes.isEmpty()) {
            return "1 = 0";
        }
        StringBuilder condition = new StringBuilder("(");
        int i = 0;
        for (String prefix : List.copyOf(prefixes)) {
            if (i > 0) {
                condition.append(" or ");
            }
            String exact = name + i, under = name + i + "u";
            condition.append(column).append(" = :").append(exact).append(" or ").append(column).append(" like :")
                    .append(under);
            params.put(exact, prefix);
            params.put(under, prefix.replace("%", "\\%").replace("_", "\\_") + ".%");
            i++;
        }
        return condition.append(")").toString();
    }
}
