package id.graduasi.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import id.graduasi.registry.security.NikKeyUnavailableException;
import id.graduasi.registry.security.NikProtector;

/** Key ids, rotation, AAD and the ciphertexts written before key ids, without the application. */
class NikProtectorTest {

    static final String OLD = "dGVzdC1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24hIQ==";
    static final String NEW = "bmV3LXRlc3Qta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiEhIQ==";
    static final String NIK = "6472015503900001";

    @Test
    void theCurrentKeyEncryptsAndOldKeysStillDecrypt() {
        NikProtector before = new NikProtector(List.of("k1:" + OLD), null, null, null);
        NikProtector after = new NikProtector(List.of("k2:" + NEW, "k1:" + OLD), null, null, null);
        String context = NikProtector.member(UUID.randomUUID());

        String old = before.encrypt(NIK, context);
        assertTrue(old.startsWith("v2.k1."), old);
        assertEquals(NIK, after.decrypt(old, context));
        assertFalse(after.isCurrent(old));
        String fresh = after.encrypt(NIK, context);
        assertTrue(fresh.startsWith("v2.k2."), fresh);
        assertTrue(after.isCurrent(fresh));
        // The lookup hash stays that of the oldest key: people are found across the rotation.
        assertEquals(before.hash(NIK), after.hash(NIK));
        // A key removed from the configuration is named when its ciphertexts are read.
        NikProtector newOnly = new NikProtector(List.of("k2:" + NEW), null, null, null);
        NikKeyUnavailableException missing = assertThrows(NikKeyUnavailableException.class,
                () -> newOnly.decrypt(old, context));
        assertEquals("k1", missing.keyId());
    }

    @Test
    void aCiphertextIsBoundToItsRow() {
        NikProtector niks = new NikProtector(List.of("k1:" + OLD), null, null, null);
        String stored = niks.encrypt(NIK, NikProtector.member(UUID.randomUUID()));
        assertThrows(NikKeyUnavailableException.class,
                () -> niks.decrypt(stored, NikProtector.member(UUID.randomUUID())));
    }

    @Test
    void aKeyWithTheSameIdButOtherMaterialFailsItsKeyCheck() {
        NikProtector right = new NikProtector(List.of("k1:" + OLD), null, null, null);
        NikProtector wrong = new NikProtector(List.of("k1:" + NEW), null, null, null);
        String check = right.checkValue("k1");
        assertTrue(right.verifies("k1", check));
        assertFalse(wrong.verifies("k1", check));
    }

    @Test
    void ciphertextsWrittenBeforeKeyIdsAreReadWithTheLegacyKey() throws Exception {
        String legacy = legacyEncrypt(OLD, NIK);
        NikProtector after = new NikProtector(List.of("k2:" + NEW, "k1:" + OLD), null, null, null);
        assertEquals("k1", after.keyIdOf(legacy));
        assertEquals(NIK, after.decrypt(legacy, NikProtector.member(UUID.randomUUID())));
    }

    /** What NikProtector wrote before key ids: base64(iv | AES-GCM without AAD). */
    static String legacyEncrypt(String secret, String plain) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        SecretKeySpec key = new SecretKeySpec(mac.doFinal("graduasi nik encryption".getBytes(StandardCharsets.US_ASCII)),
                "AES");
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed)
                .array());
    }
}
