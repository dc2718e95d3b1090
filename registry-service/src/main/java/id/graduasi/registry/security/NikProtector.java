package id.graduasi.registry.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * Keeps NIKs out of the database in clear: a keyed hash (HMAC-SHA-256) finds a person without revealing the
 * number, and AES-256-GCM keeps the number itself for the few who may read it. Keys live outside the database
 * ({@link NikKeys}); the hash and encryption keys of each derive from its secret.
 * <p>
 * A ciphertext is {@code v2.<key id>.<base64 of iv | sealed>}: the key id travels with it, so that rotation
 * needs only configuration (old keys decrypt, the current key encrypts, {@link NikReencryption} rewrites the
 * rest). Its additional authenticated data is the row it belongs to ({@code member:<id>}, ...): a ciphertext
 * copied into another row does not decrypt. Ciphertexts written before key ids (no prefix, no AAD) are read
 * with the legacy key and rewritten by the re-encryption job.
 */
@Startup // a malformed key list stops the service at start, not at the first registration
@Singleton
public class NikProtector {

    static final String PREFIX = "v2.";
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CHECK_PLAINTEXT = "graduasi nik key check";

    private record Key(SecretKeySpec lookup, SecretKeySpec encryption) {
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final String currentKeyId;
    private final String lookupKeyId;
    private final String legacyKeyId;
    private final SecureRandom random = new SecureRandom();
    /**
     * One cipher per thread, reused: a cipher expands its AES key schedule again only when the key changes, and a
     * household's snapshot decrypts every member's NIK (a fresh cipher per NIK spent the registry's event loop in
     * key setup). A cipher is re-initialised for each use, so no state carries over.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    @Inject
    public NikProtector(NikKeys config) {
        this(config.keys(), config.currentKeyId().orElse(null), config.lookupKeyId().orElse(null),
                config.legacyKeyId().orElse(null));
    }

    /** @param entries {@code <id>:<base64 secret>}, newest first; null ids take the defaults of {@link NikKeys} */
    public NikProtector(List<String> entries, String currentKeyId, String lookupKeyId, String legacyKeyId) {
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).strip();
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("graduasi.registry.nik.keys: each entry is <key id>:<base64 secret>,"
                        + " the id 1-32 letters, digits or '-'");
            }
            byte[] master = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            if (master.length < 32) {
                throw new IllegalArgumentException("NIK key " + id + " must be at least 32 bytes, base64-encoded");
            }
            if (keys.put(id, new Key(new SecretKeySpec(derive(master, "graduasi nik lookup"), "HmacSHA256"),
                    new SecretKeySpec(derive(master, "graduasi nik encryption"), "AES"))) != null) {
                throw new IllegalArgumentException("NIK key " + id + " is listed twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("graduasi.registry.nik.keys lists no key");
        }
        List<String> ids = List.copyOf(keys.keySet());
        this.currentKeyId = known(currentKeyId == null ? ids.get(0) : currentKeyId, "current-key-id");
        this.lookupKeyId = known(lookupKeyId == null ? ids.get(ids.size() - 1) : lookupKeyId, "lookup-key-id");
        this.legacyKeyId = known(legacyKeyId == null ? ids.get(ids.size() - 1) : legacyKeyId, "legacy-key-id");
    }

    private String known(String id, String setting) {
        if (!keys.containsKey(id)) {
            throw new IllegalArgumentException("graduasi.registry.nik." + setting + " names key " + id
                    + ", which graduasi.registry.nik.keys does not list");
        }
        return id;
    }

    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public String legacyKeyId() {
        return legacyKeyId;
    }

    /** The AAD of a member's NIK. */
    public static String member(UUID memberId) {
        return "member:" + memberId;
    }

    /** The same NIK always gives the same hash under one lookup key: a unique index finds duplicates. */
    public String hash(String nik) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keys.get(lookupKeyId).lookup());
            return HexFormat.of().formatHex(mac.doFinal(nik.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Encrypts a NIK, or any text that carries NIKs (an SPDCI answer kept for delivery), with the current key.
     * @param context the row it is stored in ({@link #member(UUID)}, {@code spdci-transaction:<id>}, ...)
     */
    public String encrypt(String plain, String context) {
        return encryptWith(currentKeyId, plain, context);
    }

    private String encryptWith(String keyId, String plain, String context) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(keyId).encryption(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + keyId + "." + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws NikKeyUnavailableException naming the key when it is not configured or is not the right one */
    public String decrypt(String stored, String context) {
        String keyId = keyIdOf(stored);
        Key key = keys.get(keyId);
        if (key == null) {
            throw new NikKeyUnavailableException(keyId, "NIK key " + keyId + " is not configured", null);
        }
        boolean legacy = !stored.startsWith(PREFIX);
        try {
            byte[] all = Base64.getDecoder().decode(legacy ? stored : stored.substring(PREFIX.length() + keyId.length() + 1));
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key.encryption(), new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            if (!legacy) { // written before AAD existed: nothing to bind
                cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            }
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new NikKeyUnavailableException(keyId, "a ciphertext cannot be decrypted with NIK key " + keyId, e);
        }
    }

    /** The key a stored ciphertext was written with (the legacy key for those without a key id). */
    public String keyIdOf(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return legacyKeyId;
        }
        int end = stored.indexOf('.', PREFIX.length());
        return end < 0 ? "" : stored.substring(PREFIX.length(), end);
    }

    public boolean isCurrent(String stored) {
        return stored.startsWith(PREFIX + currentKeyId + ".");
    }

    /** The key-check value of a key: a known text encrypted with it, stored so that start-up can try the key. */
    public String checkValue(String keyId) {
        return encryptWith(keyId, CHECK_PLAINTEXT, checkContext(keyId));
    }

    /** Whether a key decrypts its stored key-check value. */
    public boolean verifies(String keyId, String checkValue) {
        try {
            return keyIdOf(checkValue).equals(keyId)
                    && CHECK_PLAINTEXT.equals(decrypt(checkValue, checkContext(keyId)));
        } catch (NikKeyUnavailableException e) {
            return false;
        }
    }

    /** Whether a stored ciphertext decrypts (with the key it names) in its context. */
    public boolean decrypts(String stored, String context) {
        try {
            decrypt(stored, context);
            return true;
        } catch (NikKeyUnavailableException e) {
            return false;
        }
    }

    private static String checkContext(String keyId) {
        return "nik-key-check:" + keyId;
    }

    /** Masks all but the last four digits: enough to tell people apart on screen. */
    public static String mask(String nik) {
        return "************" + nik.substring(12);
    }

    private static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
