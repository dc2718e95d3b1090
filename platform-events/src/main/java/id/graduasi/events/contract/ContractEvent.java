package id.graduasi.events.contract;

/** Every payload of the contract: its record key orders it (one partition per key) and is its CloudEvents subject. */
public interface ContractEvent {
    String recordKey();
}
