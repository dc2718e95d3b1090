package id.graduasi.events.persistence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Native SQL in the caller's session and transaction, for repositories that write or read sets of rows in one
 * statement (parameters {@code ?1, ?2, …}, arrays as Java arrays).
 */
public final class NativeSql {

    private NativeSql() {
    }

    /** Runs an insert, update or delete. @return the rows it changed */
    public static Uni<Integer> update(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }

    /** Runs a query. @return its rows as arrays (a single column comes as a one-element array) */
    @SuppressWarnings("unchecked")
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        }).map(list -> arrays((List<Object>) list));
    }

    /** The same with named parameters ({@code :name}), e.g. a region scope's condition. */
    @SuppressWarnings("unchecked")
    public static Uni<List<Object[]>> rows(String sql, Map<String, Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        }).map(list -> arrays((List<Object>) list));
    }

    /**
     * The rows of {@code table} whose {@code key} is one of the ids in parameter 1 (text[], see {@link #ids}), as
     * {@code m}, each id looked up on its own; {@code condition} (e.g. {@code " and active"}) is added to each
     * lookup. A statement's plan is kept once made: a join or {@code key = any(?)} planned while the table was
     * small became a scan of the whole table for every batch once it had grown (with autovacuum off, nothing
     * plans it again). A lookup of one key is planned as a probe of its index at any size the planner assumes
     * for a table never analysed, and an analysed table's statements are planned again.
     */
    public static String byKey(String table, String key, String condition) {
        return "unnest(cast(cast(?1 as text[]) as uuid[])) as k(id) cross join lateral (select * from " + table
                + " where " + key + " = k.id" + condition + " offset 0) as m";
    }

    public static String byKey(String table, String key) {
        return byKey(table, key, "");
    }

    /** The ids, each once, as the text array {@link #byKey} takes. */
    public static String[] ids(Collection<UUID> ids) {
        return ids.stream().distinct().map(UUID::toString).toArray(String[]::new);
    }

    private static List<Object[]> arrays(List<Object> list) {
        return list.stream().map(o -> o instanceof Object[] a ? a : new Object[] {o}).toList();
    }
}
