package id.graduasi.registry.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps NIKs out of the database in clear: a keyed hash (HMAC-SHA-256) finds a person without revealing the
 * number, and AES-256-GCM keeps the number itself for the few who may read it. Both keys derive from one
 * secret, {@code graduasi.registry.nik-key} (32 random bytes, base64), which lives outside the database.
 */
@Startup // a bad key stops the service at start, not at the first registration
@Singleton
public class NikProtector {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec lookupKey;
    private final SecretKeySpec encryptionKey;
    private final SecureRandom random = new SecureRandom();

    public NikProtector(@ConfigProperty(name = "graduasi.registry.nik-key") String secret) {
        byte[] master = Base64.getDecoder().decode(secret);
        if (master.length < 32) {
            throw new IllegalArgumentException("graduasi.registry.nik-key must be at least 32 bytes, base64-encoded");
        }
        lookupKey = new SecretKeySpec(derive(master, "graduasi nik lookup"), "HmacSHA256");
        encryptionKey = new SecretKeySpec(derive(master, "graduasi nik encryption"), "AES");
    }

    /** The same NIK always gives the same hash under one key: a unique index finds duplicates. */
    public String hash(String nik) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            return HexFormat.of().formatHex(mac.doFinal(nik.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encrypts a NIK, or any text that carries NIKs (an SPDCI answer kept for delivery). */
    public String encrypt(String nik) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(nik.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String decrypt(String encrypted) {
        try {
            byte[] all = Base64.getDecoder().decode(encrypted);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a NIK cannot be decrypted with the configured key", e);
        }
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
