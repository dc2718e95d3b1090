package id.graduasi.registry.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

import id.graduasi.registry.service.HouseholdService;
import id.graduasi.rest.Problem;
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
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "graduasi-import"));
    private final ExecutorService workers;
    private volatile boolean stopping;

    public ImportRunner(ImportService jobs, HouseholdService households,
            @ConfigProperty(name = "graduasi.registry.import.parallelism", defaultValue = "4") int parallelism) {
        this.jobs = jobs;
        this.households = households;
        this.parallelism = Math.max(1, parallelism);
        this.workers = Executors.newFixedThreadPool(this.parallelism, r -> new Thread(r, "graduasi-import-worker"));
    }

    void resume(@Observes StartupEvent event) {
        reader.submit(() -> await(jobs::unfinished).forEach(job -> submit(job.id)));
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
    public ImportService.Accepted accept(String sha256, String path, long rows) {
        ImportService.Accepted accepted = await(() -> jobs.accept(sha256, path, rows));
        if (accepted.created()) {
            submit(accepted.job().id);
        }
        return accepted;
    }

    private void submit(UUID jobId) {
        reader.submit(() -> run(jobId));
    }

    private void run(UUID jobId) {
        AtomicLong rows = new AtomicLong();
        AtomicLong created = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try {
            ImportService.Started started = await(() -> jobs.begin(jobId));
            ImportJob job = started.job();
            Semaphore slots = new Semaphore(parallelism * 2);
            long lastProgress = System.nanoTime();
            try (ImportFile file = ImportFile.open(Path.of(job.filePath))) {
                try {
                    for (ImportFile.Household group = file.next(); group != null && !stopping; group = file.next()) {
                        slots.acquire();
                        ImportFile.Household household = group;
                        workers.submit(() -> registerCounted(jobId, household, started.resumed(), rows, created,
                                failed, slots));
                        if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                            lastProgress = System.nanoTime();
                            await(() -> jobs.progress(jobId, rows.get(), created.get(), failed.get()));
                        }
                    }
                } finally {
                    // Whatever ended the reading, the households already handed out finish first.
                    slots.acquireUninterruptibly(parallelism * 2);
                }
            }
            if (stopping) {
                return; // resumed at the next start
            }
            await(() -> jobs.finish(jobId, ImportJob.COMPLETED, null, rows.get(), created.get(), failed.get()));
            LOG.infof("import %s completed: %d households created, %d refused", jobId, created.get(), failed.get());
        } catch (ImportFile.FormatException e) {
            if (!stopping) {
                finishFailed(jobId, e.getMessage(), rows, created, failed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (stopping) {
                return; // resumed at the next start
            }
            LOG.errorf(e, "import %s failed", jobId);
            finishFailed(jobId, "the import stopped unexpectedly; it has been logged", rows, created, failed);
        }
    }

    private void registerCounted(UUID jobId, ImportFile.Household household, boolean resumed, AtomicLong rows,
            AtomicLong created, AtomicLong failed, Semaphore slots) {
        try {
            if (register(jobId, household, resumed)) {
                created.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        } catch (Throwable e) {
            // Not even its errors could be recorded (the database went away): count it refused.
            LOG.warnf("import %s: KK at line %d not handled: %s", jobId, household.rows().get(0).line(),
                    e.toString());
            failed.incrementAndGet();
        } finally {
            rows.addAndGet(household.rows().size());
            slots.release();
        }
    }

    /**
     * @param resumed a resumed job skips the households it committed before the restart; a fresh one reports a
     *        KK met twice (its rows not kept together, or already registered) as an error
     * @return true if the household is (now, or before a restart by this job) registered
     */
    private boolean register(UUID jobId, ImportFile.Household group, boolean resumed) {
        List<ImportError> errors = new ArrayList<>();
        try {
            ImportRows.Registration registration = ImportRows.parse(group, jobId, errors);
            if (registration != null) {
                await(() -> households.register(registration.household(), registration.members(), "import:" + jobId));
                return true;
            }
        } catch (ProblemException e) {
            if (resumed && e.status() == 409 && e.errors().stream().anyMatch(f -> f.field().equals("kkNumber"))
                    && await(() -> jobs.importedBy(group.kkNumber(), jobId))) {
                return true;
            }
            List<Problem.FieldError> fields = e.errors().isEmpty()
                    ? List.of(new Problem.FieldError("kk_number", e.getMessage())) : e.errors();
            fields.forEach(f -> errors.add(ImportRows.fromField(jobId, group, f.field(), f.message())));
        } catch (RuntimeException e) {
            LOG.warnf("import %s: KK at line %d not registered: %s", jobId, group.rows().get(0).line(), e.toString());
            errors.add(ImportRows.error(jobId, group.rows().get(0), "kk_number",
                    "could not be registered (" + e.getClass().getSimpleName() + "); submit it again in a new file"));
        }
        await(() -> jobs.recordErrors(errors));
        return false;
    }

    private void finishFailed(UUID jobId, String reason, AtomicLong rows, AtomicLong created, AtomicLong failed) {
        try {
            await(() -> jobs.finish(jobId, ImportJob.FAILED, reason, rows.get(), created.get(), failed.get()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "import %s: could not record its failure", jobId);
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
