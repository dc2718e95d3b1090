package id.graduasi.security;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The last entry of a service's audit chain (table {@code audit_chain_head}). */
@Entity
@Table(name = "audit_chain_head")
public class AuditChainHead extends PanacheEntityBase {

    @Id
    public String service;
    public long seq;
    public String hash;
}
