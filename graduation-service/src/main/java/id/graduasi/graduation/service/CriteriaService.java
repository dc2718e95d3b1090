package id.graduasi.graduation.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import id.graduasi.events.persistence.TransactionLocks;
import id.graduasi.graduation.config.ReferenceFiles;
import id.graduasi.graduation.domain.Criteria;
import id.graduasi.graduation.domain.CriteriaVersion;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.Problem;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.AuditLog;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * The criteria as versioned configuration. At start-up the criteria file is read; if its content (hashed in a
 * canonical form, so whitespace and key order do not count) matches no stored version, it is stored as a new
 * version and becomes the current one. A document posted to the API does the same. Evaluations keep the id of
 * the version they used, and the content of every version stays, so old evaluations replay against it.
 */
@ApplicationScoped
public class CriteriaService {

    private static final Logger LOG = Logger.getLogger(CriteriaService.class);

    /** A version with its parsed rules. */
    public record Version(int id, String label, Criteria criteria) {
    }

    private final ObjectMapper mapper;
    private final ObjectMapper canonical;
    private final String file;
    private final AuditLog audit;
    private final Map<Integer, Version> parsed = new ConcurrentHashMap<>();

    public CriteriaService(ObjectMapper mapper,
            @ConfigProperty(name = "graduasi.graduation.criteria-file") String file, AuditLog audit) {
        this.audit = audit;
        this.mapper = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.canonical = mapper.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        this.file = file;
    }

    void onStart(@Observes StartupEvent start) throws Throwable {
        String content;
        try {
            content = ReferenceFiles.read(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("criteria cannot be read from " + file + ": " + e, e);
        }
        Criteria criteria;
        try {
            criteria = parse(content);
        } catch (ProblemException e) {
            throw new IllegalStateException("criteria file " + file + " is invalid: " + e.errors(), e);
        }
        CriteriaVersion version = VertxContextSupport.subscribeAndAwait(
                () -> store(content, criteria, file, "system", false));
        LOG.infof("criteria file %s is version %d (%s)", file, version.id, version.label);
    }

    /**
     * Stores a posted document as a new version and makes it current (an identical one is made current again);
     * audited in the same transaction. The file loaded at start-up is the deployment's doing, not a person's.
     */
    @WithTransaction
    public Uni<CriteriaVersion> activate(String content, String actor) {
        Criteria criteria = parse(content);
        return store(content, criteria, "api", actor, true).call(v -> audit.record("ACTIVATE", "criteria-version",
                v.id, null, null, "criteria version " + v.id + " made current (content hash "
                        + v.contentHash.substring(0, 12) + ")"));
    }

    private Uni<CriteriaVersion> store(String content, Criteria criteria, String source, String actor,
            boolean reactivate) {
        String canonicalJson = canonicalJson(content);
        String hash = sha256(canonicalJson);
        return io.quarkus.hibernate.reactive.panache.Panache.withTransaction(() -> TransactionLocks
                .lock("graduation:criteria").chain(() -> CriteriaVersion.byHash(hash)).chain(existing -> {
                    if (existing != null) {
                        if (reactivate) {
                            existing.activatedAt = Instant.now();
                        }
                        return Uni.createFrom().item(existing);
                    }
                    return CriteriaVersion.<CriteriaVersion>find("order by id desc").firstResult().chain(last -> {
                        CriteriaVersion v = new CriteriaVersion();
                        v.id = last == null ? 1 : last.id + 1;
                        v.label = criteria.version();
                        v.contentHash = hash;
                        v.content = canonicalJson;
                        v.source = source.length() > 200 ? source.substring(0, 200) : source;
                        v.createdBy = actor;
                        v.createdAt = Instant.now();
                        v.activatedAt = v.createdAt;
                        return v.<CriteriaVersion>persist();
                    });
                }));
    }

    /** The current version (the one activated last). */
    @WithSession
    public Uni<Version> current() {
        return CriteriaVersion.current().map(v -> {
            if (v == null) {
                throw new IllegalStateException("no criteria version has been loaded");
            }
            return version(v);
        });
    }

    @WithSession
    public Uni<Version> byId(int id) {
        Version cached = parsed.get(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return CriteriaVersion.<CriteriaVersion>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("criteria version", id)).map(this::version);
    }

    @WithSession
    public Uni<CriteriaVersion> entity(int id) {
        return CriteriaVersion.<CriteriaVersion>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("criteria version", id));
    }

    /** Oldest first: the newest {@link ListBounds#MAX_ROWS}. */
    @WithSession
    public Uni<List<CriteriaVersion>> all() {
        return CriteriaVersion.find("order by id desc").page(0, ListBounds.MAX_ROWS).<CriteriaVersion>list()
                .map(ListBounds::oldestFirst);
    }

    private Version version(CriteriaVersion v) {
        return parsed.computeIfAbsent(v.id, id -> new Version(v.id, v.label, parse(v.content)));
    }

    /** Parses and checks a criteria document; a bad one is a 400 naming the fields at fault. */
    public Criteria parse(String content) {
        Criteria criteria;
        try {
            criteria = mapper.readValue(content, Criteria.class);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse("body");
            String message = e instanceof InvalidFormatException ? "has an invalid value " + ((InvalidFormatException) e)
                    .getValue() : e.getOriginalMessage();
            throw ProblemException.badRequest(field, message);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "is not a criteria document: " + e.getOriginalMessage());
        }
        if (criteria == null) {
            throw ProblemException.badRequest("body", "is required");
        }
        List<String> problems = Evaluator.problems(criteria);
        if (!problems.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "the criteria document is invalid: "
                    + String.join("; ", problems), problems.stream().map(p -> new Problem.FieldError(
                            p.substring(0, p.indexOf(':')), p.substring(p.indexOf(':') + 2))).toList());
        }
        return criteria;
    }

    private String canonicalJson(String content) {
        try {
            JsonNode tree = mapper.readTree(content);
            return canonical.writeValueAsString(canonical.treeToValue(tree, Object.class));
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "is not JSON");
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
