package id.graduasi.events.persistence;

import java.util.List;
import java.util.Map;

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

    private static List<Object[]> arrays(List<Object> list) {
        return list.stream().map(o -> o instanceof Object[] a ? a : new Object[] {o}).toList();
    }
}
