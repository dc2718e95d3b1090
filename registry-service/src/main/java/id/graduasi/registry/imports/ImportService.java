package id.graduasi.registry.imports;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.registry.repository.RegistrationRows;
import id.graduasi.rest.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The import jobs' records: one job per distinct file, its progress, its row-level errors. */
@ApplicationScoped
public class ImportService {

    /** @param created whether this call created the job (false: the same file was uploaded before) */
    public record Accepted(ImportJob job, boolean created) {
    }

    @WithTransaction
    public Uni<Accepted> accept(String sha256, String path, long rows, String regions) {
        return ImportJob.bySha256(sha256).chain(existing -> {
            if (existing != null && ImportJob.FAILED.equals(existing.status)) {
                // The same file after a failure (e.g. the database was down): run it again.
                existing.status = ImportJob.QUEUED;
                existing.failure = null;
                existing.finishedAt = null;
                return Uni.createFrom().item(new Accepted(existing, true));
            }
            if (existing != null) {
                return Uni.createFrom().item(new Accepted(existing, false));
            }
            ImportJob job = new ImportJob();
            job.id = TimeOrderedIds.next();
            job.fileSha256 = sha256;
            job.filePath = path;
            job.status = ImportJob.QUEUED;
            job.rowsTotal = rows;
            job.scopeRegions = regions;
            job.createdAt = Instant.now();
            return job.<ImportJob>persist().map(saved -> new Accepted(saved, true));
        });
    }

    /** A job the caller may see; one outside its regions answers 404, as one that does not exist. */
    @WithSession
    public Uni<ImportJob> get(UUID id, id.graduasi.security.RegionScope scope) {
        return get(id).map(job -> {
            if (!job.visibleTo(scope)) {
                throw ProblemException.notFound("import", id);
            }
            return job;
        });
    }

    @WithSession
    public Uni<ImportJob> get(UUID id) {
        return ImportJob.<ImportJob>findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("import", id));
    }

    @WithSession
    public Uni<List<ImportJob>> unfinished() {
        return ImportJob.unfinished();
    }

    /** A page of a job's error report, after the error id {@code afterId} (keyset paging). */
    @WithSession
    public Uni<List<ImportError>> errors(UUID jobId, long afterId, int limit) {
        return ImportError.page(jobId, afterId, limit);
    }

    /** @param resumed whether the job ran before (a restart interrupted it, or it failed and was uploaded again) */
    public record Started(ImportJob job, boolean resumed) {
    }

    @WithTransaction
    public Uni<Started> begin(UUID id) {
        return get(id).map(job -> {
            boolean resumed = job.startedAt != null;
            job.status = ImportJob.RUNNING;
            job.startedAt = Instant.now();
            job.rowsDone = 0;
            job.householdsCreated = 0;
            job.householdsFailed = 0;
            return new Started(job, resumed);
        }).call(started -> ImportError.delete("jobId", started.job().id)); // errors are reported afresh
    }

    @WithTransaction
    public Uni<Void> progress(UUID id, long rowsDone, long created, long failed) {
        return ImportJob.update("rowsDone = ?1, householdsCreated = ?2, householdsFailed = ?3 where id = ?4",
                rowsDone, created, failed, id).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> finish(UUID id, String status, String failure, long rowsDone, long created, long failed) {
        return get(id).invoke(job -> {
            job.status = status;
            job.failure = failure == null || failure.length() <= 500 ? failure : failure.substring(0, 500);
            job.rowsDone = rowsDone;
            job.householdsCreated = created;
            job.householdsFailed = failed;
            job.finishedAt = Instant.now();
        }).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> recordErrors(List<ImportError> errors) {
        return ImportError.persist(errors);
    }

    /** The KK numbers, among those given, that this job already committed (a resumed job skips them). */
    @WithSession
    public Uni<Set<String>> importedBy(List<String> kkNumbers, UUID jobId) {
        return RegistrationRows.householdsByKkOfImport(kkNumbers, jobId).map(Map::keySet);
    }

    /**
     * Refreshes the planner's statistics of the tables an import grows. Statements are prepared once per
     * connection and PostgreSQL keeps the plan it chose when the tables were small (a sequential scan) until the
     * next ANALYZE; autovacuum may run it late in a bulk load, or never where it is off.
     */
    @WithSession
    public Uni<Void> analyze() {
        return RegistrationRows.refreshStatistics();
    }
}
