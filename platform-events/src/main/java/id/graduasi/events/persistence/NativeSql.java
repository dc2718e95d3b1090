package id.graduasi.events.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntPredicate;

import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.data.Numeric;

/**
 * Native SQL in the caller's session and transaction, for repositories that write or read sets of rows in one
 * statement (parameters {@code ?1, ?2, …} or {@code :name}, arrays as Java arrays). The one way to run native SQL:
 * only a query that returns entities of the session goes through Hibernate.
 */
public final class NativeSql {

    /** Statements cut at their placeholders ({@link #bind}), by marker; a text built with values in it is not kept. */
    private static final int MAX_TEMPLATES = 4096;
    private static final Map<String, Template> POSITIONAL = new ConcurrentHashMap<>();
    private static final Map<String, Template> NAMED = new ConcurrentHashMap<>();

    private NativeSql() {
    }

    /** Runs an insert, update or delete (or a select for its effect). @return the rows it changed */
    public static Uni<Integer> update(String sql, Object... parameters) {
        Named numbered = positional(sql, parameters);
        return connection().chain(connection -> Uni.createFrom()
                .completionStage(connection.update(numbered.sql(), values(numbered.values()))));
    }

    /**
     * Runs a query. @return its rows as arrays (a single column comes as a one-element array); a {@code numeric}
     * as a {@code BigDecimal}, a {@code timestamptz} as an {@code Instant}
     */
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        Named numbered = positional(sql, parameters);
        return connection().chain(connection -> Uni.createFrom()
                .completionStage(connection.select(numbered.sql(), values(numbered.values()))))
                .map(NativeSql::arrays);
    }

    /**
     * The connection, and so the transaction, of the caller's session. Statements go to it directly rather than
     * through a Hibernate native query, for two reasons measured under load. Hibernate Reactive 3.1 never finds a
     * native select's plan again in the query-plan cache (its result mapping has no equality), so every execution
     * added an entry to one hash bin and every lookup compared against all of them: 4.5-15 % of a consumer's CPU.
     * And every native statement first dirty-checked the whole session for an auto-flush that, without declared
     * query spaces, never flushes: callers flush explicitly where a statement must see their entities' changes,
     * as they did already.
     */
    private static Uni<ReactiveConnection> connection() {
        return Panache.getSession().map(session -> {
            if (session instanceof MutinySessionImpl reactive) {
                return reactive.getReactiveConnection();
            }
            throw new IllegalStateException("not a Hibernate Reactive session: " + session.getClass().getName());
        });
    }

    /**
     * {@code ?1, ?2, …} as PostgreSQL's {@code $1, $2, …}, each occurrence a placeholder of its own, as Hibernate
     * bound them: PostgreSQL deduces one type per placeholder, and a value used in two places may need two (a
     * {@code varchar} column and a {@code text} one).
     */
    static Named positional(String sql, Object[] parameters) {
        if (sql.indexOf('?') < 0) {
            return new Named(sql, parameters);
        }
        return bind(sql, '?', Character::isDigit, Character::isDigit, number -> {
            int n = Integer.parseInt(number);
            if (n < 1 || n > parameters.length) {
                throw new IllegalArgumentException("no value for parameter ?" + n);
            }
            return parameters[n - 1];
        });
    }

    /** Values as the PostgreSQL client takes them: an instant as a UTC timestamp with time zone. */
    private static Object[] values(Object[] parameters) {
        Object[] values = parameters.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Instant instant) {
                values[i] = instant.atOffset(ZoneOffset.UTC);
            }
        }
        return values;
    }

    private static List<Object[]> arrays(ReactiveConnection.Result result) {
        List<Object[]> rows = new ArrayList<>(result.size());
        result.forEachRemaining(row -> {
            for (int i = 0; i < row.length; i++) {
                if (row[i] instanceof Numeric numeric) {
                    row[i] = numeric.bigDecimalValue();
                } else if (row[i] instanceof OffsetDateTime at) {
                    row[i] = at.toInstant();
                }
            }
            rows.add(row);
        });
        return rows;
    }

    /**
     * The same with named parameters ({@code :name}), e.g. a region scope's condition; a collection's elements
     * become a list ({@code in (:codes)}), as Hibernate would expand them.
     */
    public static Uni<List<Object[]>> rows(String sql, Map<String, Object> parameters) {
        Named named = named(sql, parameters);
        return connection().chain(connection -> Uni.createFrom()
                .completionStage(connection.select(named.sql(), values(named.values()))))
                .map(NativeSql::arrays);
    }

    /** The same as an insert, update or delete. @return the rows it changed */
    public static Uni<Integer> update(String sql, Map<String, Object> parameters) {
        Named named = named(sql, parameters);
        return connection().chain(connection -> Uni.createFrom()
                .completionStage(connection.update(named.sql(), values(named.values()))));
    }

    record Named(String sql, Object[] values) {
    }

    /** {@code :name} the same way, a collection as a list (see {@link #bind}); a cast ({@code ::}) is left alone. */
    static Named named(String sql, Map<String, Object> parameters) {
        return bind(sql, ':', Character::isJavaIdentifierStart, Character::isJavaIdentifierPart, name -> {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("no value for parameter :" + name);
            }
            return parameters.get(name);
        });
    }

    /**
     * Each {@code marker} followed by a name (its first character {@code start}, the others {@code part}) outside
     * a literal, as a placeholder {@code $n} of its own holding {@code value.apply(name)}; a collection as
     * {@code $n, $n+1, …} (an empty one as null, which no {@code in} matches). A doubled marker is left alone.
     * The text is cut at its placeholders once and the cut kept: scanning a long statement character by character
     * on every execution was among the hottest frames of a read.
     */
    private static Named bind(String sql, char marker, IntPredicate start, IntPredicate part,
            Function<String, Object> value) {
        Map<String, Template> cache = marker == '?' ? POSITIONAL : NAMED;
        Template template = cache.get(sql);
        if (template == null) {
            template = Template.of(sql, marker, start, part);
            if (cache.size() < MAX_TEMPLATES) { // a text built with values in it must not grow the cache forever
                cache.put(sql, template);
            }
        }
        Object[] values = new Object[template.names().length];
        boolean collections = false;
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(template.names()[i]);
            collections |= values[i] instanceof Collection;
        }
        if (!collections) {
            return new Named(template.numbered(), values);
        }
        StringBuilder out = new StringBuilder(sql.length());
        List<Object> expanded = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.append(template.texts()[i]).append(placeholder(values[i], expanded));
        }
        out.append(template.texts()[values.length]);
        return new Named(out.toString(), expanded.toArray());
    }

    /**
     * A statement cut at its placeholders: {@code texts} around the {@code names} (one more text than names), and
     * the statement with each placeholder numbered, as it is when no value is a collection.
     */
    private record Template(String[] texts, String[] names, String numbered) {

        static Template of(String sql, char marker, IntPredicate start, IntPredicate part) {
            List<String> texts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            boolean literal = false;
            for (int i = 0; i < sql.length(); i++) {
                char c = sql.charAt(i);
                if (c == '\'') {
                    literal = !literal;
                } else if (c == marker && !literal && i + 1 < sql.length() && sql.charAt(i + 1) == marker) {
                    text.append(c).append(c);
                    i++;
                    continue;
                } else if (c == marker && !literal && i + 1 < sql.length() && start.test(sql.charAt(i + 1))) {
                    int end = i + 1;
                    while (end < sql.length() && part.test(sql.charAt(end))) {
                        end++;
                    }
                    texts.add(text.toString());
                    text.setLength(0);
                    names.add(sql.substring(i + 1, end));
                    i = end - 1;
                    continue;
                }
                text.append(c);
            }
            texts.add(text.toString());
            StringBuilder numbered = new StringBuilder(sql.length());
            for (int i = 0; i < names.size(); i++) {
                numbered.append(texts.get(i)).append('$').append(i + 1);
            }
            numbered.append(texts.get(names.size()));
            return new Template(texts.toArray(String[]::new), names.toArray(String[]::new), numbered.toString());
        }
    }

    private static String placeholder(Object value, List<Object> values) {
        if (!(value instanceof Collection<?> list)) {
            values.add(value);
            return "$" + values.size();
        }
        if (list.isEmpty()) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (Object element : list) {
            values.add(element);
            out.append(out.isEmpty() ? "$" : ", $").append(values.size());
        }
        return out.toString();
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
}
