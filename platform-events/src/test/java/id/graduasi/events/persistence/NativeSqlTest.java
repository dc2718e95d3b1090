package id.graduasi.events.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class NativeSqlTest {

    @Test
    void numberedParametersBecomePostgresPlaceholders() {
        assertEquals("select a from t where b = $1 and c = any(cast($12 as text[]))",
                NativeSql.positional("select a from t where b = ?1 and c = any(cast(?12 as text[]))"));
    }

    @Test
    void aQuestionMarkInsideALiteralOrWithoutANumberIsLeftAlone() {
        assertEquals("select '?1', x ? 'k', $2 from t where y = 'it''s ?3' and z = $3",
                NativeSql.positional("select '?1', x ? 'k', ?2 from t where y = 'it''s ?3' and z = ?3"));
    }

    @Test
    void aStatementWithoutParametersIsReturnedAsItIs() {
        String sql = "select count(*) from inbox_event";
        assertSame(sql, NativeSql.positional(sql));
    }

    @Test
    void namedParametersAreNumberedOnceAndACollectionBecomesAList() {
        var named = NativeSql.named("select x::text from t where a = :a and b in (:codes) and c = :a and d = ':a'",
                java.util.Map.of("a", 7, "codes", java.util.List.of("64", "65")));
        assertEquals("select x::text from t where a = $1 and b in ($2, $3) and c = $1 and d = ':a'", named.sql());
        assertEquals(java.util.List.of(7, "64", "65"), java.util.List.of(named.values()));
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
}
