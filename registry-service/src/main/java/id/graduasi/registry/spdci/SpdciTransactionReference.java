package id.graduasi.registry.spdci;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A reference_id of a transaction's requests: txn/status can ask by reference_id_list. */
@Entity
@Table(name = "spdci_transaction_reference")
public class SpdciTransactionReference extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "transaction_id")
    public UUID transactionId;

    @Column(name = "reference_id")
    public String referenceId;
}
