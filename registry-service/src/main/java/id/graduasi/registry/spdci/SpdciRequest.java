package id.graduasi.registry.spdci;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request envelope {signature, header, message} checked against MsgHeader_V1.0.0. The signature is accepted
 * and kept out of processing: it is not verified (see the README). Who sent it is not the body's sender_id but
 * the authenticated {@link SpdciClient}, set by the resource once the sender_id matched it.
 */
public record SpdciRequest(String signature, String messageId, String action, String senderId, URI senderUri,
        int totalCount, JsonNode message, String transactionId, SpdciClient client) {

    /** The request as taken from the authenticated client, after its sender_id was checked against it. */
    public SpdciRequest from(SpdciClient authenticated) {
        return new SpdciRequest(signature, messageId, action, senderId, senderUri, totalCount, message, transactionId,
                authenticated);
    }

    /**
     * @param callback whether the action answers by callback: then sender_uri is required
     * @param registryId our sender id: a receiver_id naming someone else is refused
     */
    public static SpdciRequest parse(ObjectMapper mapper, String body, String action, boolean callback,
            String registryId) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw DciException.bad("the body is not well-formed JSON (line " + (at == null ? "?" : at.getLineNr())
                    + ", column " + (at == null ? "?" : at.getColumnNr()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw DciException.bad("the body must be a JSON object {signature, header, message}");
        }
        JsonNode signature = root.path("signature");
        if (!signature.isMissingNode() && !signature.isNull() && !signature.isTextual()) {
            throw DciException.bad("signature must be a string");
        }
        JsonNode header = root.path("header");
        if (!header.isObject()) {
            throw DciException.bad("header is required");
        }
        String version = header.path("version").asText(Dci.VERSION);
        if (!Dci.VERSION.equals(version)) {
            throw new DciException(400, "err.version.not_supported", "header.version " + version
                    + " is not supported (1.0.0)");
        }
        String messageId = requiredText(header, "message_id");
        String timestamp = requiredText(header, "message_ts");
        try {
            OffsetDateTime.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw DciException.bad("header.message_ts must be an ISO 8601 date-time with its offset");
        }
        String sentAction = requiredText(header, "action");
        if (!sentAction.equals(action)) {
            throw DciException.bad("header.action must be '" + action + "' on this endpoint");
        }
        if (!header.has("sender_id") || header.get("sender_id").isNull()) {
            throw DciException.bad("header.sender_id is required");
        }
        if (!header.get("sender_id").isTextual() || header.get("sender_id").asText().isBlank()
                || header.get("sender_id").asText().length() > 200) {
            throw new DciException(400, "err.sender_id.invalid", "header.sender_id must be a non-empty string");
        }
        String senderId = header.get("sender_id").asText();
        JsonNode receiver = header.path("receiver_id");
        if (receiver.isTextual() && !receiver.asText().isBlank() && !receiver.asText().equals(registryId)) {
            throw new DciException(400, "err.receiver_id.invalid", "header.receiver_id must be " + registryId);
        }
        JsonNode total = header.path("total_count");
        if (total.isMissingNode() || total.isNull()) {
            throw DciException.bad("header.total_count is required");
        }
        if (!total.isIntegralNumber() || !total.canConvertToInt() || total.asInt() < 0) {
            throw DciException.bad("header.total_count must be a whole number");
        }
        if (header.path("is_msg_encrypted").asBoolean(false)) {
            throw new DciException(400, "err.encryption.invalid", "encrypted messages are not supported yet");
        }
        URI senderUri = callback ? senderUri(header) : null;
        JsonNode message = root.path("message");
        if (!message.isObject()) {
            throw DciException.bad("message is required");
        }
        if (message.has("ciphertext")) {
            throw new DciException(400, "err.encryption.invalid", "encrypted messages are not supported yet");
        }
        JsonNode transaction = message.path("transaction_id");
        if (!transaction.isTextual() && !transaction.isIntegralNumber()) {
            throw DciException.bad("message.transaction_id is required");
        }
        String transactionId = transaction.asText();
        if (transactionId.isBlank() || transactionId.length() > 99) {
            throw DciException.bad("message.transaction_id must be 1 to 99 characters");
        }
        return new SpdciRequest(signature.isTextual() ? signature.asText() : null, messageId, action, senderId,
                senderUri, total.asInt(), message, transactionId, null);
    }

    /** Where callbacks go: the partner's base URI; the spec's callback path is appended (see the README). */
    private static URI senderUri(JsonNode header) {
        JsonNode uri = header.path("sender_uri");
        if (!uri.isTextual() || uri.asText().isBlank()) {
            throw new DciException(400, "err.sender_uri.invalid",
                    "header.sender_uri is required: the base URI that takes our callbacks");
        }
        try {
            URI parsed = new URI(uri.asText().strip());
            if (!parsed.isAbsolute() || parsed.getHost() == null
                    || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
                    || parsed.getQuery() != null || parsed.getFragment() != null || uri.asText().length() > 2000) {
                throw new URISyntaxException(uri.asText(), "not an absolute http(s) URI");
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw new DciException(400, "err.sender_uri.invalid",
                    "header.sender_uri must be an absolute http or https URI without query");
        }
    }

    private static String requiredText(JsonNode header, String field) {
        JsonNode node = header.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw DciException.bad("header." + field + " is required");
        }
        if (node.asText().length() > 200) {
            throw DciException.bad("header." + field + " is too long (200 characters at most)");
        }
        return node.asText();
    }

    /** The callback URL for an action: base URI + the spec's path (/registry/on-search, ...). */
    public String callback(String path) {
        String base = senderUri.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
