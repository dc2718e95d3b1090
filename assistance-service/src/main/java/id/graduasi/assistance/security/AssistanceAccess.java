package id.graduasi.assistance.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.assistance.domain.HouseholdProjection;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.AuditLog;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Region and programme scoping and auditing for assistance's endpoints (issue #7). A household's region is the
 * village code of its projection (and of each entitlement): outside the caller's regions a resource answers 404,
 * exactly as one that does not exist. A PARTNER sees only the programmes its token's {@code programmes} claim
 * grants (none without the claim). Only REST paths call this: Kafka consumers have no caller.
 */
@ApplicationScoped
public class AssistanceAccess {

    public static final String HOUSEHOLD = "household";
    public static final String ENROLLMENT = "enrollment";
    public static final String ENTITLEMENT = "entitlement";
    public static final String CYCLE = "disbursement-cycle";
    public static final String KUBE_GROUP = "kube-group";
    public static final String RECONCILIATION_EXCEPTION = "reconciliation-exception";

    private final Caller caller;
    private final AuditLog audit;

    public AssistanceAccess(Caller caller, AuditLog audit) {
        this.caller = caller;
        this.audit = audit;
    }

    /** The acting user: the token's, never a header. */
    public String actor() {
        return caller.id();
    }

    public boolean allows(String villageCode) {
        return caller.scope().allows(villageCode);
    }

    /** The household if it is known and lies in the caller's regions; else 404 (no existence leak). */
    public HouseholdProjection inScope(HouseholdProjection household, UUID id) {
        if (household == null || !allows(household.villageCode)) {
            throw ProblemException.notFound("household", id);
        }
        return household;
    }

    /** Whether the caller's token grants every region. */
    public boolean everywhere() {
        return caller.scope().unrestricted();
    }

    /** A disbursement cycle spans every region: creating, computing, approving or paying one needs regions [*]. */
    public void requireEverywhere() {
        if (!caller.scope().unrestricted()) {
            throw new ProblemException(403, "Forbidden", "a disbursement cycle spans every region: it needs a token "
                    + "granting regions [*]", List.of());
        }
    }

    /** Whether the caller may see this programme's data: a PARTNER only its granted programmes. */
    public boolean programmeAllowed(String programme) {
        return !caller.is(Roles.PARTNER) || caller.programmes().contains(programme);
    }

    /** An HQL/SQL condition limiting {@code column} to the caller's regions, or null when unrestricted. */
    public String regionCondition(String column, Map<String, Object> params) {
        return caller.scope().condition(column, "scope", params);
    }

    /** For a PARTNER, a condition limiting {@code column} (a programme code) to its granted programmes. */
    public String programmeCondition(String column, Map<String, Object> params) {
        if (!caller.is(Roles.PARTNER)) {
            return null;
        }
        if (caller.programmes().isEmpty()) {
            return "1 = 0";
        }
        params.put("granted", List.copyOf(caller.programmes()));
        return column + " in (:granted)";
    }

    /** Appends the write's audit row: chain it inside the write's own transaction. */
    public Uni<Void> record(String action, String entityType, Object entityId, UUID householdId, String region,
            String summary) {
        return audit.record(action, entityType, entityId, householdId, region, summary);
    }

    /**
     * The payment provider's confirmation carries no user token (it is signed instead): its audit row names the
     * provider as the actor and client. Inside the confirmation's transaction.
     */
    public Uni<Void> recordProvider(String action, String entityType, Object entityId, UUID householdId,
            String region, String summary) {
        return audit.recordAs(PAYMENT_PROVIDER, PAYMENT_PROVIDER, action, entityType, entityId, householdId, region,
                summary);
    }

    public static final String PAYMENT_PROVIDER = "payment-provider";

    /**
     * A PARTNER's read of household-level data is logged (in its own short transaction, before the data is sent);
     * nothing is logged when it saw nothing. {@code region} is looked up only then.
     */
    public <T> Uni<T> partnerRead(String entityType, Object entityId, UUID householdId,
            Supplier<Uni<String>> region, String what, boolean sawSomething, T result) {
        if (!caller.is(Roles.PARTNER) || !sawSomething) {
            return Uni.createFrom().item(result);
        }
        return Panache.withTransaction(() -> region.get().chain(code -> audit.record("READ", entityType, entityId,
                householdId, code, what))).replaceWith(result);
    }
}
