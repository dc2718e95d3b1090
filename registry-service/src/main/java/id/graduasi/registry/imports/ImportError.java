package id.graduasi.registry.imports;

import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One problem with one row of an import file: the error report's line. */
@Entity
@Table(name = "import_error")
public class ImportError extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "line_number")
    public long lineNumber;

    @Column(name = "kk_number")
    public String kkNumber;

    public String field;

    public String message;

    public static Uni<List<ImportError>> page(UUID jobId, long afterId, int limit) {
        return find("jobId = ?1 and id > ?2 order by id", jobId, afterId).page(0, limit).list();
    }
}
