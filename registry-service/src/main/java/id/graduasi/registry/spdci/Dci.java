package id.graduasi.registry.spdci;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The JSON the registry sends in the DCI Social Registry API v1.0.0 (shared/standards/spdci): envelopes, acks,
 * responses and the Group / Member / SRPerson records. Snake case is set on these records only.
 */
public final class Dci {

    public static final String VERSION = "1.0.0";
    public static final String REG_TYPE = "ns:org:RegistryType:Social";

    private Dci() {
    }

    // ---- envelope -------------------------------------------------------------------------------------------

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Envelope(String signature, CallbackHeader header, Object message) {
    }

    /** MsgCallbackHeader_V1.0.0: what the registry puts on every response and callback. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CallbackHeader(String version, String messageId, String messageTs, String action, String status,
            String statusReasonCode, String statusReasonMessage, Integer totalCount, Integer completedCount,
            String senderId, String receiverId, @JsonProperty("is_msg_encrypted") boolean isMsgEncrypted,
            Map<String, String> meta) {
    }

    /** The Response of every request: ACK (a callback follows), or ERR with the spec's error code. */
    public record Ack(AckMessage message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AckMessage(String ackStatus, String timestamp, Error error, String correlationId) {
    }

    public record Error(String code, String message) {
    }

    // ---- search ---------------------------------------------------------------------------------------------

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SearchResponse(String transactionId, String correlationId, List<SearchResponseItem> searchResponse) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SearchResponseItem(String referenceId, String timestamp, String status, String statusReasonCode,
            String statusReasonMessage, ResponseData data, Pagination pagination, String locale) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ResponseData(String version, String regType, String regRecordType, List<Object> regRecords) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Pagination(int pageSize, int pageNumber, long totalCount) {
    }

    // ---- records --------------------------------------------------------------------------------------------

    /** A household with its active members. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Group(@JsonProperty("@context") Map<String, String> context, @JsonProperty("@id") String id,
            @JsonProperty("@type") String type, List<Identifier> groupIdentifier, String groupType, Place place,
            Integer povertyScore, String povertyScoreType, Member groupHeadInfo, int groupSize,
            List<Member> memberList, String registrationDate, String lastUpdated,
            List<Map<String, Object>> additionalAttributes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Member(@JsonProperty("@type") String type, @JsonProperty("@id") String id,
            List<Identifier> memberIdentifier, Person demographicInfo, String relationshipHead,
            @JsonProperty("is_disabled") boolean isDisabled, String educationLevel, String occupation,
            String registrationDate, List<Map<String, Object>> additionalAttributes) {
    }

    /** SRPerson: the person behind a member. Its identifier is the NIK (type NIN). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Person(@JsonProperty("@type") String type, List<Identifier> identifier, Name name, String sex,
            Address address, String birthDate, String registrationDate) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Identifier(@JsonProperty("@type") String type, String identifierType, String identifierValue) {

        public static Identifier of(String type, String value) {
            return new Identifier("Identifier", type, value);
        }
    }

    /** Indonesian names are often one word with no family name: the whole name is the given name. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Name(@JsonProperty("@type") String type, String givenName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Address(@JsonProperty("@type") String type, String streetAddress, String country) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Place(@JsonProperty("@type") String type, Geo geo, String address) {
    }

    public record Geo(@JsonProperty("@type") String type, String latitude, String longitude) {
    }

    // ---- subscriptions --------------------------------------------------------------------------------------

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SubscribeResponse(String transactionId, String correlationId,
            List<SubscribeResponseItem> subscribeResponse) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SubscribeResponseItem(String referenceId, String timestamp, String status, String statusReasonCode,
            String statusReasonMessage, List<SubscriptionInfo> subscriptions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SubscriptionInfo(String version, String code, String status, String timestamp, String regType,
            String regEventType, String filterType, JsonNode filter, String notifyRecordType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UnSubscribeResponse(String transactionId, String correlationId, String timestamp, String status,
            String statusReasonCode, String statusReasonMessage, List<SubscriptionStatus> subscriptionStatus) {
    }

    public record SubscriptionStatus(String code, String status) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NotifyEventRequest(String transactionId, List<NotifyEvent> notifyEvent) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NotifyEvent(String referenceId, String timestamp, NotifyData data) {
    }

    /** In a notify, reg_records is one record (the spec types it as an object, not an array). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NotifyData(String version, String regType, String regEventType, String regRecordType,
            Object regRecords) {
    }

    // ---- txn status -----------------------------------------------------------------------------------------

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TxnStatusResponse(String transactionId, String correlationId, TxnStatus txnstatusResponse) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TxnStatus(String txnType, JsonNode txnStatus) {
    }
}
