package id.graduasi.events.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class NativeSqlTest {

    private static final Object[] TWELVE = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

    @Test
    void numberedParametersBecomePostgresPlaceholdersEachOccurrenceItsOwn() {
        var numbered = NativeSql.positional(
                "select a from t where b = ?1 and c = any(cast(?12 as text[])) and d = ?1", TWELVE);
        assertEquals("select a from t where b = $1 and c = any(cast($2 as text[])) and d = $3", numbered.sql());
        assertEquals(java.util.List.of(1, 12, 1), java.util.List.of(numbered.values()));
    }

    @Test
    void aQuestionMarkInsideALiteralOrWithoutANumberIsLeftAlone() {
        var numbered = NativeSql.positional("select '?1', x ? 'k', ?2 from t where y = 'it''s ?3' and z = ?3",
                TWELVE);
        assertEquals("select '?1', x ? 'k', $1 from t where y = 'it''s ?3' and z = $2", numbered.sql());
        assertEquals(java.util.List.of(2, 3), java.util.List.of(numbered.values()));
    }

    @Test
    void aStatementWithoutParametersIsReturnedAsItIs() {
        String sql = "select count(*) from inbox_event";
        assertSame(sql, NativeSql.positional(sql, new Object[0]).sql());
    }

    @Test
    void aNumberedParameterWithoutAValueIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NativeSql.positional("select 1 from t where b = ?2", new Object[] {1}));
    }

    @Test
    void namedParametersEachOccurrenceItsOwnPlaceholderAndACollectionBecomesAList() {
        var named = NativeSql.named("select x::text from t where a = :a and b in (:codes) and c = :a and d = ':a'",
                java.util.Map.of("a", 7, "codes", java.util.List.of("64", "65")));
        assertEquals("select x::text from t where a = $1 and b in ($2, $3) and c = $4 and d = ':a'", named.sql());
        assertEquals(java.util.List.of(7, "64", "65", 7), java.util.List.of(named.values()));
    }

    @Test
    void anEmptyCollectionMatchesNothing() {
        var named = NativeSql.named("select 1 from t where b in (:codes)", java.util.Map.of("codes", java.util.List.of()));
        assertEquals("select 1 from t where b in (null)", named.sql());
    }

    @Test
    void aNamedParameterWithoutAValueIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NativeSql.named("select 1 from t where b = :b", java.util.Map.of()));
    }

    @Test
    void aStatementBoundAgainTakesTheValuesOfEachCall() {
        String sql = "select a from t where b = ?2 and c = ?1";
        NativeSql.positional(sql, new Object[] {"first", "second"});
        var again = NativeSql.positional(sql, new Object[] {"third", "fourth"});
        assertEquals("select a from t where b = $1 and c = $2", again.sql());
        assertEquals(java.util.List.of("fourth", "third"), java.util.List.of(again.values()));
    }

    @Test
    void aStatementBoundWithAValueThenWithACollectionExpandsTheCollection() {
        String sql = "select 1 from t where b in (:codes) and c = :c";
        NativeSql.named(sql, java.util.Map.of("codes", "64", "c", 1));
        var expanded = NativeSql.named(sql, java.util.Map.of("codes", java.util.List.of("64", "65", "71"), "c", 2));
        assertEquals("select 1 from t where b in ($1, $2, $3) and c = $4", expanded.sql());
        assertEquals(java.util.List.of("64", "65", "71", 2), java.util.List.of(expanded.values()));
        var single = NativeSql.named(sql, java.util.Map.of("codes", "72", "c", 3));
        assertEquals("select 1 from t where b in ($1) and c = $2", single.sql());
    }
}
