package id.graduasi.registry.repository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import id.graduasi.events.persistence.NativeSql;
import io.smallrye.mutiny.Uni;

/**
 * The SQL behind the NIK key check and re-encryption: key-check values, and the encrypted columns by the key
 * their ciphertexts name ({@code v2.<key id>.} prefix; none for those written before key ids). Call inside a
 * session or transaction.
 */
public final class NikKeyRows {

    /** Every column that holds a NIK ciphertext, with the AAD prefix of its rows. */
    public enum Column {
        MEMBER("member", "nik_encrypted", "member:"),
        SPDCI_TRANSACTION("spdci_transaction", "response_encrypted", "spdci-transaction:"),
        SPDCI_DELIVERY("spdci_delivery", "body_encrypted", "spdci-delivery:");

        final String table;
        final String column;
        public final String context;

        Column(String table, String column, String context) {
            this.table = table;
            this.column = column;
            this.context = context;
        }
    }

    /** A stored ciphertext and its row. */
    public record Cipher(UUID id, String value) {
    }

    private NikKeyRows() {
    }

    public static Uni<Map<String, String>> checkValues() {
        return NativeSql.rows("select key_id, check_value from nik_key_check order by key_id limit 1000")
                .map(rows -> {
                    Map<String, String> values = new HashMap<>();
                    rows.forEach(r -> values.put((String) r[0], (String) r[1]));
                    return values;
                });
    }

    /** Stores a key's check value unless one is there already (another replica may have stored it). */
    public static Uni<Integer> insertCheck(String keyId, String checkValue) {
        return NativeSql.update(
                "insert into nik_key_check (key_id, check_value) values (?1, ?2) on conflict (key_id) do nothing",
                keyId, checkValue);
    }

    /**
     * One ciphertext of a column written under a key (with {@code legacy}, one without key id), or null.
     * @param keyId letters, digits and '-' only (NikProtector), so it needs no escaping in LIKE
     */
    public static Uni<Cipher> sample(Column c, String keyId, boolean legacy) {
        // The prefix as a parameter in both cases: a query and its parameters agree.
        return NativeSql.rows("select cast(id as text), " + c.column + " from " + c.table + " where " + c.column
                + (legacy ? " not like ?1" : " like ?1") + " limit 1", legacy ? "v2.%" : "v2." + keyId + ".%")
                .map(rows -> rows.isEmpty() ? null
                        : new Cipher(UUID.fromString((String) rows.get(0)[0]), (String) rows.get(0)[1]));
    }

    /** Up to {@code limit} ciphertexts of a column not written under the given key (legacy ones included). */
    public static Uni<List<Cipher>> notUnder(Column c, String keyId, int limit) {
        return NativeSql.rows("select cast(id as text), " + c.column + " from " + c.table + " where " + c.column
                + " not like ?1 limit ?2", "v2." + keyId + ".%", limit)
                .map(rows -> rows.stream()
                        .map(r -> new Cipher(UUID.fromString((String) r[0]), (String) r[1])).toList());
    }

    /** Replaces a ciphertext unless it changed meanwhile. @return 1 if replaced */
    public static Uni<Integer> replace(Column c, UUID id, String old, String replacement) {
        return NativeSql.update("update " + c.table + " set " + c.column + " = ?1 where id = ?2 and " + c.column
                + " = ?3", replacement, id, old);
    }
}
