package id.graduasi.registry.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The NIK keys (docs/security.md, "NIK keys and rotation"). {@code keys} lists {@code <key id>:<base64 secret>}
 * entries, newest first; the current key encrypts, every listed key decrypts what was written under it.
 */
@ConfigMapping(prefix = "graduasi.registry.nik")
public interface NikKeys {

    /** {@code <id>:<base64 of at least 32 random bytes>}, comma-separated, newest first. */
    List<String> keys();

    /** The key new ciphertexts are written with; by default the first listed. */
    Optional<String> currentKeyId();

    /**
     * The key whose HMAC finds a person by NIK. NIK hashes are not re-keyed by rotation (the unique index and
     * every lookup rely on them), so this key stays listed; by default the last (oldest) listed.
     */
    Optional<String> lookupKeyId();

    /** The key ciphertexts written before key ids existed (no prefix) were made with; by default the last listed. */
    Optional<String> legacyKeyId();

    /** How often the re-encryption job looks for ciphertexts under another key than the current one. */
    @WithDefault("PT1H")
    Duration reencryptInterval();

    /** Rows re-encrypted per transaction. */
    @WithDefault("500")
    int reencryptBatchSize();
}
