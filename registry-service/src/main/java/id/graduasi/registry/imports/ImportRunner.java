package id.graduasi.registry.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import id.graduasi.security.RegionScope;
import id.graduasi.registry.service.HouseholdService;
import id.graduasi.registry.service.NewHousehold;
import id.graduasi.registry.service.RegistrationOutcome;
import id.graduasi.rest.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Runs import jobs one at a time on threads of its own, never on the event loop: a reader streams the file
 * KK by KK, workers register each household in its own transaction through the same path as the REST API
 * (so a household is committed whole or not at all, with its events). A job interrupted by a restart resumes
 * at startup and skips the households it had already committed.
 */
@ApplicationScoped
public class ImportRunner {

    private static final Logger LOG = Logger.getLogger(ImportRunner.class);

    private final ImportService jobs;
    private final HouseholdService households;
    private final int parallelism;
    private final int batchSize;
    private final Path directory;
    private final java.time.Duration orphanMinAge;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "graduasi-import"));
    private final ExecutorService workers;
    private volatile boolean stopping;

    public ImportRunner(ImportService jobs, HouseholdService households,
            @ConfigProperty(name = "graduasi.registry.import.parallelism", defaultValue = "2") int parallelism,
            @ConfigProperty(name = "graduasi.registry.import.batch-size", defaultValue = "100") int batchSize,
            @ConfigProperty(name = "graduasi.registry.import.directory") String directory,
            @ConfigProperty(name = "graduasi.registry.import.orphan-min-age", defaultValue = "PT10M")
            java.time.Duration orphanMinAge) {
        this.directory = Path.of(directory);
        this.orphanMinAge = orphanMinAge;
        this.jobs = jobs;
        this.households = households;
        this.parallelism = Math.max(1, parallelism);
        this.batchSize = Math.max(1, batchSize);
        this.workers = Executors.newFixedThreadPool(this.parallelism, r -> new Thread(r, "graduasi-import-worker"));
    }

    /**
     * Resumes the unfinished jobs, after deleting the files in the import directory that no unfinished job needs
     * (uploads whose job ended while the file could not be deleted, interrupted uploads): they hold NIKs and names
     * in clear.
     */
    void resume(@Observes StartupEvent event) {
        reader.submit(() -> {
            List<ImportJob> unfinished = await(jobs::unfinished);
            removeOrphans(unfinished.stream().map(job -> Path.of(job.filePath).toAbsolutePath().normalize())
                    .collect(java.util.stream.Collectors.toSet()));
            unfinished.forEach(job -> submit(job.id));
        });
    }

    /**
     * Deletes every file of the import directory that is not {@code needed} and is older than
     * {@code graduasi.registry.import.orphan-min-age} (a younger one may be an upload in progress on another
     * replica sharing the directory). @return how many were deleted
     */
    int removeOrphans(Set<Path> needed) {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return 0;
        }
        java.time.Instant before = java.time.Instant.now().minus(orphanMinAge);
        int removed = 0;
        try (var files = java.nio.file.Files.list(directory)) {
            for (Path file : files.toList()) {
                Path normal = file.toAbsolutePath().normalize();
                if (!java.nio.file.Files.isRegularFile(file) || needed.contains(normal)
                        || java.nio.file.Files.getLastModifiedTime(file).toInstant().isAfter(before)) {
                    continue;
                }
                if (java.nio.file.Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (java.io.IOException e) {
            LOG.warnf("import directory %s: orphaned files could not all be deleted: %s", directory, e.toString());
        }
        if (removed > 0) {
            LOG.infof("import directory %s: %d orphaned file(s) deleted", directory, removed);
        }
        return removed;
    }

    /** A job's file once the job has ended (COMPLETED or FAILED): it holds NIKs and names in clear. */
    static void deleteFile(UUID jobId, String path) {
        if (path == null) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(Path.of(path));
        } catch (java.io.IOException e) {
            // Deleted at the next start as an orphan.
            LOG.warnf("import %s: its file could not be deleted now: %s", jobId, e.toString());
        }
    }

    /** Stops reading; households already handed to workers finish. The job resumes at the next start. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        reader.shutdown();
        workers.shutdown();
        try {
            workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Records an uploaded file as a job (or finds the job of the same file) and queues it when it is new or
     * restarted. Called from a worker thread, never the event loop.
     */
    public ImportService.Accepted accept(String sha256, String path, long rows, String regions) {
        ImportService.Accepted accepted = await(() -> jobs.accept(sha256, path, rows, regions));
        if (accepted.created()) {
            submit(accepted.job().id);
        }
        return accepted;
    }

    private void submit(UUID jobId) {
        reader.submit(() -> run(jobId));
    }

    private void run(UUID jobId) {
        // Only a job that ended (COMPLETED or FAILED) loses its file: one stopped by a shutdown resumes from it.
        if (execute(jobId)) {
            deleteFile(jobId, fileOf(jobId));
        }
    }

    private String fileOf(UUID jobId) {
        try {
            return await(() -> jobs.get(jobId)).filePath;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** @return whether the job ended, COMPLETED or FAILED */
    private boolean execute(UUID jobId) {
        AtomicLong rows = new AtomicLong();
        AtomicLong created = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try {
            ImportService.Started started = await(() -> jobs.begin(jobId));
            ImportJob job = started.job();
            // Refusals name only households of the file's own regions: whoever may read the report sees them.
            RegionScope named = job.scopeRegions == null ? RegionScope.nowhere()
                    : new RegionScope(Set.of(job.scopeRegions.split(",")));
            Semaphore slots = new Semaphore(parallelism * 2);
            long lastProgress = System.nanoTime();
            try (ImportFile file = ImportFile.open(Path.of(job.filePath))) {
                try {
                    List<ImportFile.Household> batch = new ArrayList<>(batchSize);
                    // Statistics refreshed as the tables grow: at 10,000 households created, 20,000, 40,000, ...
                    long nextAnalyze = 10_000;
                    for (ImportFile.Household group = file.next(); !stopping; group = file.next()) {
                        if (group != null) {
                            batch.add(group);
                        }
                        if (batch.size() == batchSize || (group == null && !batch.isEmpty())) {
                            if (created.get() >= nextAnalyze) {
                                nextAnalyze = created.get() * 2;
                                await(jobs::analyze);
                            }
                            slots.acquire();
                            List<ImportFile.Household> handed = batch;
                            workers.submit(() -> registerCounted(jobId, named, handed, started.resumed(), rows, created,
                                    failed, slots));
                            batch = new ArrayList<>(batchSize);
                        }
                        if (group == null) {
                            break;
                        }
                        if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                            lastProgress = System.nanoTime();
                            await(() -> jobs.progress(jobId, rows.get(), created.get(), failed.get()));
                        }
                    }
                } finally {
                    // Whatever ended the reading, the batches already handed out finish first.
                    slots.acquireUninterruptibly(parallelism * 2);
                }
            }
            if (stopping) {
                return false; // resumed at the next start
            }
            await(() -> jobs.finish(jobId, ImportJob.COMPLETED, null, rows.get(), created.get(), failed.get()));
            LOG.infof("import %s completed: %d households created, %d refused", jobId, created.get(), failed.get());
            return true;
        } catch (ImportFile.FormatException e) {
            if (!stopping) {
                return finishFailed(jobId, e.getMessage(), rows, created, failed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (stopping) {
                return false; // resumed at the next start
            }
            LOG.errorf(e, "import %s failed", jobId);
            return finishFailed(jobId, "the import stopped unexpectedly; it has been logged", rows, created, failed);
        }
        return false;
    }

    private void registerCounted(UUID jobId, RegionScope named, List<ImportFile.Household> batch, boolean resumed, AtomicLong rows,
            AtomicLong created, AtomicLong failed, Semaphore slots) {
        try {
            int registered = register(jobId, named, batch, resumed);
            created.addAndGet(registered);
            failed.addAndGet(batch.size() - registered);
        } catch (Throwable e) {
            // Not even its errors could be recorded (the database went away): count the batch refused.
            LOG.warnf("import %s: KKs from line %d not handled: %s", jobId, batch.get(0).rows().get(0).line(),
                    e.toString());
            failed.addAndGet(batch.size());
        } finally {
            rows.addAndGet(batch.stream().mapToLong(h -> h.rows().size()).sum());
            slots.release();
        }
    }

    /**
     * Registers a batch of KKs in one transaction; those with errors go to the report. If the batch as a whole
     * fails (a conflict with a concurrent writer, a database error) its KKs are tried one by one, so one cannot
     * sink the others.
     *
     * @param resumed a resumed job skips the households it committed before the restart; a fresh one reports a
     *        KK met twice (its rows not kept together, or already registered) as an error
     * @return how many of the batch are (now, or before a restart by this job) registered
     */
    private int register(UUID jobId, RegionScope named, List<ImportFile.Household> batch, boolean resumed) {
        List<ImportError> errors = new ArrayList<>();
        // A HashSet: a group may lack its KK number, and immutable sets refuse to look for null.
        Set<String> done = new HashSet<>(resumed
                ? await(() -> jobs.importedBy(batch.stream().map(ImportFile.Household::kkNumber).toList(), jobId))
                : Set.of());
        int registered = 0;
        List<ImportFile.Household> groups = new ArrayList<>();
        List<NewHousehold> households = new ArrayList<>();
        for (ImportFile.Household group : batch) {
            if (done.contains(group.kkNumber())) {
                registered++;
                continue;
            }
            NewHousehold household = ImportRows.parse(group, jobId, errors);
            if (household != null) {
                groups.add(group);
                households.add(household);
            }
        }
        String actor = "import:" + jobId;
        List<RegistrationOutcome> outcomes;
        try {
            outcomes = await(() -> this.households.registerAll(households, actor, named));
        } catch (RuntimeException e) {
            if (households.size() == 1) {
                throw e;
            }
            LOG.warnf("import %s: batch from line %d failed (%s); registering its households one by one", jobId,
                    groups.get(0).rows().get(0).line(), e.toString());
            outcomes = new ArrayList<>();
            for (NewHousehold household : households) {
                outcomes.add(registerAlone(jobId, household, actor, named));
            }
        }
        for (int i = 0; i < outcomes.size(); i++) {
            ImportFile.Household group = groups.get(i);
            if (outcomes.get(i) == null) {
                errors.add(ImportRows.error(jobId, group.rows().get(0), "kk_number",
                        "could not be registered (a database error, logged); submit it again in a new file"));
                continue;
            }
            ProblemException refused = outcomes.get(i).refused();
            if (refused == null) {
                registered++;
            } else if (refused.errors().isEmpty()) {
                errors.add(ImportRows.error(jobId, group.rows().get(0), "kk_number", refused.getMessage()));
            } else {
                refused.errors().forEach(f -> errors.add(ImportRows.fromField(jobId, group, f.field(), f.message())));
            }
        }
        if (!errors.isEmpty()) {
            await(() -> jobs.recordErrors(errors));
        }
        return registered;
    }

    /** @return null if even alone it could not be registered */
    private RegistrationOutcome registerAlone(UUID jobId, NewHousehold household, String actor, RegionScope named) {
        try {
            return await(() -> households.registerAll(List.of(household), actor, named)).get(0);
        } catch (RuntimeException e) {
            LOG.warnf("import %s: KK not registered: %s", jobId, e.toString());
            return null;
        }
    }

    /** @return whether the failure was recorded (the job ended) */
    private boolean finishFailed(UUID jobId, String reason, AtomicLong rows, AtomicLong created, AtomicLong failed) {
        try {
            await(() -> jobs.finish(jobId, ImportJob.FAILED, reason, rows.get(), created.get(), failed.get()));
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "import %s: could not record its failure", jobId);
            return false;
        }
    }

    /** Blocks this (import) thread until the reactive work, run on a Vert.x context, is done. */
    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
