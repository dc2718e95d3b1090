package id.graduasi.graduation.service;

import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Native queries of the caller's session, rows as arrays (a single column comes as a one-element array). */
final class FactsRows {

    private FactsRows() {
    }

    @SuppressWarnings("unchecked")
    static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        }).map(list -> ((List<Object>) list).stream().map(o -> o instanceof Object[] a ? a : new Object[] {o})
                .toList());
    }

    /** The same with named parameters ({@code :name}), e.g. a region scope's condition. */
    @SuppressWarnings("unchecked")
    static Uni<List<Object[]>> rows(String sql, java.util.Map<String, Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        }).map(list -> ((List<Object>) list).stream().map(o -> o instanceof Object[] a ? a : new Object[] {o})
                .toList());
    }

    static Uni<Integer> update(String sql, Object... parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }
}
