package id.graduasi.registry.imports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

@Entity
@Table(name = "import_job")
public class ImportJob extends PanacheEntityBase {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    @Id
    public UUID id;

    @Column(name = "file_sha256")
    public String fileSha256;

    @Column(name = "file_path")
    public String filePath;

    public String status;

    @Column(name = "rows_total")
    public long rowsTotal;

    @Column(name = "rows_done")
    public long rowsDone;

    @Column(name = "households_created")
    public long householdsCreated;

    @Column(name = "households_failed")
    public long householdsFailed;

    public String failure;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /**
     * The regencies ({@code 64.72}) of the file's village codes, comma-separated: who may read the job and its
     * error report (a caller whose regions cover them all). Null for jobs from before V5: unrestricted callers only.
     */
    @Column(name = "scope_regions")
    public String scopeRegions;

    /** Whether a caller with these regions may see this job: its regions must cover every region of the file. */
    public boolean visibleTo(id.graduasi.security.RegionScope scope) {
        if (scope.unrestricted()) {
            return true;
        }
        if (scopeRegions == null || scopeRegions.isBlank()) {
            return false;
        }
        return java.util.Arrays.stream(scopeRegions.split(",")).allMatch(scope::allows);
    }

    public static Uni<ImportJob> bySha256(String sha256) {
        return find("fileSha256", sha256).firstResult();
    }

    public static Uni<List<ImportJob>> unfinished() {
        // Bounded: at most this many jobs are resumed at once; the rest at the next start.
        return find("status in ?1 order by createdAt", List.of(QUEUED, RUNNING)).page(0, 1000).list();
    }
}
