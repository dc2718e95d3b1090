package id.graduasi.mentoring.domain;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

import id.graduasi.events.persistence.TimeOrderedIds;

/** One area a worker covers: a village code (64.72.01.1001) or a district code (64.72.01). */
@Entity
@Table(name = "worker_area")
public class WorkerArea extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "worker_id")
    public UUID workerId;

    @Column(name = "area_code")
    public String areaCode;

    public static WorkerArea of(UUID workerId, String areaCode) {
        WorkerArea area = new WorkerArea();
        area.id = TimeOrderedIds.next();
        area.workerId = workerId;
        area.areaCode = areaCode;
        return area;
    }

    /** The district of a village code: 64.72.01.1001 is in 64.72.01. */
    public static String districtOf(String villageCode) {
        return villageCode.length() > 8 ? villageCode.substring(0, 8) : villageCode;
    }
}
