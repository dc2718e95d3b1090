package id.graduasi.assistance.service;

import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Ends post-graduation support (CONTINUE_TRANSITIONAL programmes) once its months have run out. */
@ApplicationScoped
public class TransitionalSupport {

    private final EnrollmentService enrollments;

    public TransitionalSupport(EnrollmentService enrollments) {
        this.enrollments = enrollments;
    }

    @Scheduled(every = "${graduasi.assistance.transition-check-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> endRunOut() {
        return enrollments.endTransitions(LocalDate.now(ZoneOffset.UTC), 500).replaceWithVoid();
    }
}
