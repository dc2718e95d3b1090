package id.graduasi.graduation.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One version of the criteria document; evaluations keep the id of the version they used. */
@Entity
@Table(name = "criteria_version")
public class CriteriaVersion extends PanacheEntityBase {

    @Id
    public Integer id;

    public String label;

    @Column(name = "content_hash")
    public String contentHash;

    @JdbcTypeCode(SqlTypes.JSON)
    public String content;

    public String source;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "activated_at")
    public Instant activatedAt;

    public static Uni<CriteriaVersion> current() {
        return find("order by activatedAt desc, id desc").firstResult();
    }

    public static Uni<CriteriaVersion> byHash(String hash) {
        return find("contentHash", hash).firstResult();
    }
}
