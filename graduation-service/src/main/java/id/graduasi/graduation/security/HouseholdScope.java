package id.graduasi.graduation.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.graduation.domain.HouseholdView;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.RegionScope;
import id.graduasi.security.SecurityProblems;
import io.smallrye.mutiny.Uni;

/**
 * Region scoping for graduation's records. Every record about a household (evaluation, proposal, decision,
 * relapse review) is scoped by the household's current village in the readiness view, which the registry's
 * events keep up to date: a household that moves takes its records with it, and no copy of the region can go
 * stale. A record outside the caller's regions answers 404, exactly as one that does not exist.
 */
public final class HouseholdScope {

    private HouseholdScope() {
    }

    /** The household's view if it exists and lies in {@code scope}; else 404 naming {@code what} and {@code id}. */
    public static Uni<HouseholdView> require(UUID householdId, RegionScope scope, String what, Object id) {
        return HouseholdView.<HouseholdView>findById(householdId).map(view -> {
            if (view == null || !scope.allows(view.villageCode)) {
                throw ProblemException.notFound(what, id);
            }
            return view;
        });
    }

    /**
     * The household's village if it exists and lies in {@code scope}; else 404. Read without loading the view into
     * the session: a command that goes on to lock the view must then read it fresh, not a copy from before the lock
     * (which the consumer or the worker may have changed meanwhile, failing the command's optimistic check).
     */
    public static Uni<String> village(UUID householdId, RegionScope scope, String what, Object id) {
        return NativeSql.rows("select village_code from household_view where household_id = ?1", householdId)
                .map(rows -> {
                    String village = rows.isEmpty() ? null : (String) rows.get(0)[0];
                    if (rows.isEmpty() || !scope.allows(village)) {
                        throw ProblemException.notFound(what, id);
                    }
                    return village;
                });
    }

    /** The view already read (and locked) by a command: 404 unless it exists and lies in {@code scope}. */
    public static HouseholdView check(HouseholdView view, RegionScope scope, String what, Object id) {
        if (view == null || !scope.allows(view.villageCode)) {
            throw ProblemException.notFound(what, id);
        }
        return view;
    }

    /**
     * An HQL condition keeping the rows whose {@code householdColumn} is a household in {@code scope} (the
     * parameters go into {@code params}); {@code null} when the scope is unrestricted. It goes into the query,
     * so limits and pages only ever see rows in scope.
     */
    public static String hql(String householdColumn, RegionScope scope, Map<String, Object> params) {
        String inScope = scope.condition("h.villageCode", "scope", params);
        return inScope == null ? null
                : householdColumn + " in (select h.householdId from HouseholdView h where " + inScope + ")";
    }

    /**
     * A batch over a region prefix (or over every region, {@code null}) must lie inside the caller's regions:
     * 403 otherwise, as for a write aimed at another region.
     */
    public static void requireCovered(String regionPrefix, RegionScope scope, String field) {
        if (regionPrefix == null && !scope.unrestricted()) {
            throw new ProblemException(403, "Forbidden", "without " + field + " this spans every region, which "
                    + "needs a token granting regions [*]", List.of());
        }
        if (regionPrefix != null && !scope.allows(regionPrefix)) {
            throw SecurityProblems.outOfScope(field);
        }
    }
}
