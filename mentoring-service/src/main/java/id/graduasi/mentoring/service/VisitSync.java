package id.graduasi.mentoring.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.jboss.logging.Logger;

import id.graduasi.rest.Problem;
import id.graduasi.rest.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * An offline app's sync: every item is validated and recorded on its own, in its own transaction, one after
 * the other (home visits first, then sessions, each in the order sent). One bad item gets its own problem and
 * the others are still recorded; a resent item answers as recorded before. An item for a household outside the
 * worker's caseload fails alone with a 404 naming its householdId.
 */
@ApplicationScoped
public class VisitSync {

    private static final Logger LOG = Logger.getLogger(VisitSync.class);

    public enum ItemType {
        HOME_VISIT, GROUP_SESSION
    }

    /** One item's outcome: 201 recorded now, 200 recorded before (replayed), or a 4xx problem. */
    public record ItemOutcome(UUID id, ItemType type, int status, VisitService.Recorded recorded, Problem problem) {
    }

    private final VisitService visits;
    private final Validator validator;

    public VisitSync(VisitService visits, Validator validator) {
        this.visits = visits;
        this.validator = validator;
    }

    public Uni<List<ItemOutcome>> sync(VisitCommands.Batch batch) {
        List<Supplier<Uni<ItemOutcome>>> items = new ArrayList<>();
        List<VisitCommands.HomeVisit> homeVisits = batch.visits() == null ? List.of() : batch.visits();
        List<VisitCommands.GroupSession> sessions = batch.sessions() == null ? List.of() : batch.sessions();
        for (int i = 0; i < homeVisits.size(); i++) {
            VisitCommands.HomeVisit item = homeVisits.get(i);
            String path = "visits[" + i + "]";
            items.add(() -> one(path, item, item == null ? null : item.id(), ItemType.HOME_VISIT,
                    () -> visits.recordHomeVisit(item)));
        }
        for (int i = 0; i < sessions.size(); i++) {
            VisitCommands.GroupSession item = sessions.get(i);
            String path = "sessions[" + i + "]";
            items.add(() -> one(path, item, item == null ? null : item.id(), ItemType.GROUP_SESSION,
                    () -> visits.recordGroupSession(item)));
        }
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(Supplier::get)
                .collect().asList();
    }

    private Uni<ItemOutcome> one(String path, Object item, UUID id, ItemType type,
            Supplier<Uni<VisitService.Recorded>> record) {
        if (item == null) {
            return Uni.createFrom().item(new ItemOutcome(null, type, 400, null,
                    Problem.of(400, "Bad Request", path + ": must not be null",
                            List.of(new Problem.FieldError(path, "must not be null")))));
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(item);
        if (!violations.isEmpty()) {
            List<Problem.FieldError> errors = violations.stream()
                    .map(v -> new Problem.FieldError(path + "." + v.getPropertyPath(), v.getMessage()))
                    .sorted(Comparator.comparing(Problem.FieldError::field)).toList();
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            return Uni.createFrom().item(new ItemOutcome(id, type, 400, null,
                    Problem.of(400, "Bad Request", detail, errors)));
        }
        return Uni.createFrom().<VisitService.Recorded>deferred(() -> record.get())
                .map(recorded -> new ItemOutcome(id, type, recorded.replayed() ? 200 : 201, recorded, null))
                .onFailure().recoverWithItem(e -> new ItemOutcome(id, type, status(e), null, problem(path, e)));
    }

    private static int status(Throwable e) {
        if (e instanceof ProblemException p) {
            return p.status();
        }
        if (e instanceof org.hibernate.exception.DataException) {
            return 400;
        }
        return isConflict(e) ? 409 : 500;
    }

    private static Problem problem(String path, Throwable e) {
        if (e instanceof ProblemException p) {
            List<Problem.FieldError> errors = p.errors().stream()
                    .map(f -> new Problem.FieldError(path + "." + f.field(), f.message())).toList();
            Problem original = p.toProblem();
            return Problem.of(original.status(), original.title(), original.detail(), errors);
        }
        if (e instanceof org.hibernate.exception.DataException) {
            // PostgreSQL refused a value (a NUL character in the notes, say); the value stays out of the log.
            return Problem.of(400, "Bad Request",
                    "a value cannot be stored (invalid characters or out of range); nothing was written", List.of());
        }
        if (isConflict(e)) {
            // Two syncs of the same item raced; the other one recorded it. A resend answers as recorded.
            return Problem.of(409, "Conflict", "recorded concurrently by another request; resend to see the result",
                    List.of());
        }
        LOG.error("unexpected failure recording a synced item", e);
        return Problem.of(500, "Internal Server Error", "an unexpected error occurred; it has been logged", List.of());
    }

    private static boolean isConflict(Throwable e) {
        return e instanceof org.hibernate.exception.ConstraintViolationException
                || e instanceof org.hibernate.StaleStateException
                || e instanceof jakarta.persistence.OptimisticLockException;
    }
}
