package id.graduasi.registry;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Request envelopes as a partner's SPMIS would send them. */
final class SpdciEnvelopes {

    static final String SENDER = "spmis.dinsos.test";

    private SpdciEnvelopes() {
    }

    static String envelope(String action, String senderUri, int total, String message) {
        return envelope(SENDER, UUID.randomUUID().toString(), action, senderUri, total, message);
    }

    /** An envelope with the given sender_id and message_id. */
    static String envelope(String sender, String messageId, String action, String senderUri, int total,
            String message) {
        return """
                {"signature": "Signature: namespace=\\"spdci\\", algorithm=\\"ed25519\\", signature=\\"AAAA\\"",
                 "header": {"version": "1.0.0", "message_id": "%s", "message_ts": "%s", "action": "%s",
                            "sender_id": "%s", %s "total_count": %d, "is_msg_encrypted": false},
                 "message": %s}""".formatted(messageId, OffsetDateTime.now(), action, sender,
                senderUri == null ? "" : "\"sender_uri\": \"" + senderUri + "\",", total, message);
    }

    /** One search request with the given search_criteria. */
    static String search(String senderUri, String transactionId, String criteria) {
        return envelope("search", senderUri, 1, """
                {"transaction_id": "%s", "search_request": [
                  {"reference_id": "ref-1", "timestamp": "%s", "search_criteria": %s}]}"""
                .formatted(transactionId, OffsetDateTime.now(), criteria));
    }

    static String idQuery(String type, String value, String entity) {
        return """
                {"version": "1.0.0", "reg_type": "ns:org:RegistryType:Social", "query_type": "idtype-value",
                 "response_entity": "%s", "query": {"type": "%s", "value": "%s"}}""".formatted(entity, type, value);
    }

    static String txnStatus(String senderUri, String transactionId, String txnType, String attributeType,
            String attributeValue) {
        return envelope("txn-status", senderUri, 1, """
                {"transaction_id": "status-%s", "txnstatus_request": {"reference_id": "s-1", "txn_type": "%s",
                 "attribute_type": "%s", "attribute_value": %s}}""".formatted(UUID.randomUUID(), txnType,
                attributeType, attributeValue));
    }
}
