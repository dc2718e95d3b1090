package id.graduasi.registry.spdci;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.registry.security.NikProtector;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The registry side of the DCI Social Registry API. A request is taken (transaction row, its answer encrypted,
 * and the callback to the partner) in one database transaction; {@link SpdciDeliveryWorker} sends the callback.
 * A message_id a sender repeats gets the first answer again, so a partner may safely resend.
 */
@ApplicationScoped
public class SpdciService {

    /** Requests in one message: each runs a search, so a message is bounded like a page. */
    static final int MAX_REQUESTS = 100;
    static final String REGISTER = "REGISTER";
    static final String NEW_MEMBER = "NewHouseHoldMember";

    private final ObjectMapper mapper;
    private final NikProtector niks;
    private final SpdciSearch search;
    private final String registryId;
    private final id.graduasi.security.Caller caller;
    private final id.graduasi.security.AuditLog audit;

    public SpdciService(ObjectMapper mapper, NikProtector niks, SpdciSearch search,
            @ConfigProperty(name = "graduasi.registry.spdci.registry-id") String registryId,
            id.graduasi.security.Caller caller, id.graduasi.security.AuditLog audit) {
        this.caller = caller;
        this.audit = audit;
        this.mapper = mapper;
        this.niks = niks;
        this.search = search;
        this.registryId = registryId;
    }

    public String registryId() {
        return registryId;
    }

    // ---- search ---------------------------------------------------------------------------------------------

    @WithTransaction
    public Uni<Dci.Envelope> syncSearch(SpdciRequest request) {
        return previous(request).chain(previous -> previous != null
                ? Uni.createFrom().item(envelope("on-search", request, read(previous)))
                : searchAll(request).map(response -> envelope("on-search", request, response)));
    }

    @WithTransaction
    public Uni<Dci.Ack> search(SpdciRequest request) {
        return previous(request).chain(previous -> previous != null ? Uni.createFrom().item(ack(previous.id))
                : searchAll(request).chain(response -> deliver(request, UUID.fromString(response.correlationId()),
                        "/registry/on-search", "on-search", envelope("on-search", request, response), null))
                        .map(this::ack));
    }

    private Uni<Dci.SearchResponse> searchAll(SpdciRequest request) {
        List<JsonNode> items = items(request, "search_request");
        UUID correlation = UUID.randomUUID();
        Set<String> seen = new HashSet<>();
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> searchOne(request.client(), item, seen))
                .collect().asList()
                .map(results -> new Dci.SearchResponse(request.transactionId(), correlation.toString(), results))
                // A partner's search reads personal data: logged (who, which transaction, how many records).
                .call(response -> caller.is(id.graduasi.security.Roles.PARTNER)
                        ? audit.record("READ", "spdci-search", request.transactionId(), null, null, "SPDCI search, "
                                + response.searchResponse().stream().mapToInt(i -> i.data() == null
                                        || i.data().regRecords() == null ? 0 : i.data().regRecords().size()).sum()
                                + " records")
                        : Uni.createFrom().voidItem())
                .call(response -> save(request, correlation, summary(items, "search_criteria", "query"),
                        response.searchResponse().stream().anyMatch(i -> "succ".equals(i.status())), response,
                        items));
    }

    private Uni<Dci.SearchResponseItem> searchOne(SpdciClient client, JsonNode item, Set<String> seen) {
        String reference = item.path("reference_id").asText("");
        String now = Instant.now().toString();
        try {
            checkReference(item, seen, "rjct.reference_id.invalid", "rjct.reference_id.duplicate");
            checkTimestamp(item, "rjct.timestamp.invalid");
            SpdciSearch.Criteria criteria = search.parse(item.path("search_criteria"));
            return search.run(criteria, client.regions()).map(result -> new Dci.SearchResponseItem(reference, now, "succ", null, null,
                    new Dci.ResponseData(Dci.VERSION, Dci.REG_TYPE, result.recordType(), result.records()),
                    new Dci.Pagination(result.pageSize(), result.pageNumber(), result.total()), locale(item)));
        } catch (SpdciSearch.Rejected e) {
            return Uni.createFrom().item(new Dci.SearchResponseItem(reference, now, "rjct", e.code, e.getMessage(),
                    null, null, locale(item)));
        }
    }

    /** What was asked, kept with the transaction; NIKs in identifier queries and filters are masked. */
    private JsonNode summary(List<JsonNode> items, String criteria, String queryField) {
        ArrayNode summary = mapper.createArrayNode();
        for (JsonNode item : items) {
            JsonNode copy = item.deepCopy();
            JsonNode query = copy.path(criteria).path(queryField);
            if (query instanceof ObjectNode q && Set.of("NIN", "UIN").contains(q.path("type").asText())) {
                String value = q.path("value").asText("");
                q.put("value", value.length() == 16 ? NikProtector.mask(value) : "****");
            }
            summary.add(copy);
        }
        // An object, not a bare array: Hibernate Reactive reads a json column as an object.
        return mapper.createObjectNode().set("requests", summary);
    }

    // ---- subscriptions --------------------------------------------------------------------------------------

    @WithTransaction
    public Uni<Dci.Ack> subscribe(SpdciRequest request) {
        return previous(request).chain(previous -> {
            if (previous != null) {
                return Uni.createFrom().item(ack(previous.id));
            }
            List<JsonNode> items = items(request, "subscribe_request");
            UUID correlation = UUID.randomUUID();
            Set<String> seen = new HashSet<>();
            // The transaction row first: subscriptions refer to it.
            return save(request, correlation, summary(items, "subscribe_criteria", "filter"), true, null, items)
                    .chain(() -> Multi.createFrom().iterable(items)
                            .onItem().transformToUniAndConcatenate(item -> subscribeOne(request, correlation, item,
                                    seen))
                            .collect().asList())
                    .chain(results -> {
                        var response = new Dci.SubscribeResponse(request.transactionId(), correlation.toString(),
                                results);
                        return SpdciTransaction.<SpdciTransaction>findById(correlation).invoke(t -> {
                            t.status = results.stream().anyMatch(r -> "succ".equals(r.status()))
                                    ? SpdciTransaction.SUCCESS : SpdciTransaction.REJECTED;
                            t.responseEncrypted = encrypt(response, transaction(t.id));
                        }).chain(() -> deliver(request, correlation, "/registry/on-subscribe", "on-subscribe",
                                envelope("on-subscribe", request, response), null));
                    })
                    .map(this::ack);
        });
    }

    private Uni<Dci.SubscribeResponseItem> subscribeOne(SpdciRequest request, UUID correlation, JsonNode item,
            Set<String> seen) {
        String reference = item.path("reference_id").asText("");
        Instant now = Instant.now();
        try {
            checkReference(item, seen, "rjct.reference_id.invalid", "rjct.reference_id.duplicate");
            checkTimestamp(item, "rjct.timestamp.invalid");
            JsonNode criteria = item.path("subscribe_criteria");
            if (!criteria.isObject()) {
                throw new SpdciSearch.Rejected("rjct.notify_details.invalid", "subscribe_criteria is required");
            }
            String event = eventType(criteria.path("reg_event_type").asText(""));
            String filterType = criteria.path("filter_type").asText("expression");
            JsonNode filter = criteria.path("filter");
            if (filter.isMissingNode() || filter.isNull()) {
                throw new SpdciSearch.Rejected("rjct.notify_details.invalid", "subscribe_criteria.filter is required");
            }
            if ("idtype-value".equals(filterType) && Set.of("NIN", "UIN").contains(filter.path("type").asText())) {
                // The filter is stored; the registry keeps no NIK in clear.
                throw new SpdciSearch.Rejected("rjct.notify_details.invalid",
                        "filters by NIN or UIN are not supported; filter by HOUSEHOLD_ID, KK or attributes");
            }
            try {
                SpdciQuery.parse(filterType, filter, niks::hash);
            } catch (SpdciQuery.Invalid e) {
                throw new SpdciSearch.Rejected("rjct.notify_details.invalid", "subscribe_criteria.filter: "
                        + e.getMessage());
            }
            String recordType = criteria.path("notify_record_type").asText("");
            if (recordType.isBlank()) {
                throw new SpdciSearch.Rejected("rjct.notify_details.invalid",
                        "subscribe_criteria.notify_record_type is required (Group or Member)");
            }
            String filterText = filter.toString();
            String callback = request.callback("/registry/notify");
            return SpdciSubscription.count("clientId = ?1 and regEventType = ?2 and filterType = ?3 and filter = ?4"
                            + " and callbackUri = ?5 and status = ?6", request.client().clientId(), event, filterType,
                            filterText, callback, SpdciSubscription.ACTIVE)
                    .chain(existing -> {
                        if (existing > 0) {
                            return Uni.createFrom().item(new Dci.SubscribeResponseItem(reference, now.toString(),
                                    "rjct", "rjct.event.already_subscribed",
                                    "an active subscription has the same event, filter and callback", null));
                        }
                        SpdciSubscription s = new SpdciSubscription();
                        s.code = UUID.randomUUID().toString();
                        s.transactionId = correlation;
                        s.senderId = request.senderId();
                        s.clientId = request.client().clientId();
                        // Notifies reach the partner only about households within the regions it has now.
                        s.scopeRegions = request.client().regionsText();
                        s.scopeProgrammes = request.client().programmesText();
                        s.senderTransaction = request.transactionId();
                        s.referenceId = reference;
                        s.callbackUri = callback;
                        s.regEventType = event;
                        s.filterType = filterType;
                        s.filter = filterText;
                        s.notifyRecordType = recordType;
                        s.status = SpdciSubscription.ACTIVE;
                        s.createdAt = now;
                        return s.persist().map(saved -> new Dci.SubscribeResponseItem(reference, now.toString(),
                                "succ", null, null, List.of(info(s))));
                    });
        } catch (SpdciSearch.Rejected e) {
            return Uni.createFrom().item(new Dci.SubscribeResponseItem(reference, now.toString(), "rjct", e.code,
                    e.getMessage(), null));
        }
    }

    /** The two events we notify; the spec also writes them as spdci:common:RegistryEventType:NewHouseHoldMember. */
    private static String eventType(String value) {
        String name = value.substring(value.lastIndexOf(':') + 1);
        if (!name.equals(REGISTER) && !name.equals(NEW_MEMBER)) {
            throw new SpdciSearch.Rejected("rjct.notify_types.invalid",
                    "subscribe_criteria.reg_event_type must be REGISTER or NewHouseHoldMember");
        }
        return name;
    }

    Dci.SubscriptionInfo info(SpdciSubscription s) {
        return new Dci.SubscriptionInfo(Dci.VERSION, s.code, s.status, s.createdAt.toString(), Dci.REG_TYPE,
                s.regEventType, s.filterType, readTree(s.filter), s.notifyRecordType);
    }

    @WithTransaction
    public Uni<Dci.Ack> unsubscribe(SpdciRequest request) {
        return previous(request).chain(previous -> {
            if (previous != null) {
                return Uni.createFrom().item(ack(previous.id));
            }
            JsonNode codes = request.message().path("subscription_codes");
            if (!codes.isArray() || codes.isEmpty()) {
                throw DciException.bad("message.subscription_codes must be a non-empty array");
            }
            if (codes.size() > MAX_REQUESTS) {
                throw DciException.bad("message.subscription_codes: at most " + MAX_REQUESTS + " per message");
            }
            List<String> list = new ArrayList<>();
            codes.forEach(c -> list.add(c.asText()));
            Instant now = Instant.now();
            UUID correlation = UUID.randomUUID();
            return SpdciSubscription.<SpdciSubscription>list("code in ?1", list).chain(found -> {
                List<Dci.SubscriptionStatus> statuses = new ArrayList<>();
                String reason = null;
                String message = null;
                for (String code : list) {
                    SpdciSubscription s = found.stream().filter(f -> f.code.equals(code)).findFirst().orElse(null);
                    if (s == null || !s.clientId.equals(request.client().clientId())) {
                        reason = reason != null ? reason : "rjct.subscription_code.invalid";
                        message = message != null ? message : "no subscription " + code + " of your client";
                        continue;
                    }
                    if (SpdciSubscription.ENDED.equals(s.status)) {
                        reason = reason != null ? reason : "rjct.event.already_unsubscribed";
                        message = message != null ? message : "subscription " + code + " has already ended";
                    } else {
                        s.status = SpdciSubscription.ENDED;
                        s.endedAt = now;
                    }
                    statuses.add(new Dci.SubscriptionStatus(code, s.status));
                }
                var response = new Dci.UnSubscribeResponse(request.transactionId(), correlation.toString(),
                        now.toString(), reason == null ? "succ" : "rjct", reason, message, statuses);
                return save(request, correlation, request.message(), reason == null, response, List.of())
                        .chain(() -> deliver(request, correlation, "/registry/on-unsubscribe", "on-unsubscribe",
                                envelope("on-unsubscribe", request, response), null));
            }).map(this::ack);
        });
    }

    // ---- txn status -----------------------------------------------------------------------------------------

    @WithSession
    public Uni<Dci.Envelope> syncTxnStatus(SpdciRequest request) {
        return txnStatus(request).map(response -> envelope("txn-on-status", request, response));
    }

    /** Status requests are answered from what is stored; they are not transactions themselves. */
    @WithTransaction
    public Uni<Dci.Ack> asyncTxnStatus(SpdciRequest request) {
        // Acknowledged with the correlation_id of the transaction asked about, as the callback carries it.
        return txnStatus(request).call(response -> deliver(request, null, "/registry/txn/on-status",
                "txn-on-status", envelope("txn-on-status", request, response), null))
                .map(response -> ack(UUID.fromString(response.correlationId())));
    }

    private Uni<Dci.TxnStatusResponse> txnStatus(SpdciRequest request) {
        SpdciClient client = request.client();
        JsonNode query = request.message().path("txnstatus_request");
        if (!query.isObject()) {
            throw DciException.bad("message.txnstatus_request is required");
        }
        String txnType = query.path("txn_type").asText("");
        if (!txnType.equals("search") && !txnType.equals("subscribe")) {
            throw DciException.bad("message.txnstatus_request.txn_type must be search or subscribe"
                    + " (the registry issues no receipts)");
        }
        String attributeType = query.path("attribute_type").asText("");
        JsonNode value = query.path("attribute_value");
        Uni<SpdciTransaction> found = switch (attributeType) {
            case "transaction_id" -> SpdciTransaction.find("clientId = ?1 and action = ?2 and transactionId = ?3"
                    + " order by createdAt desc", client.clientId(), txnType, text(value, attributeType)).firstResult();
            case "correlation_id" -> {
                UUID id;
                try {
                    id = UUID.fromString(text(value, attributeType));
                } catch (IllegalArgumentException e) {
                    throw notFound(txnType);
                }
                yield SpdciTransaction.<SpdciTransaction>findById(id)
                        .map(t -> t != null && t.clientId.equals(client.clientId()) && t.action.equals(txnType)
                                ? t : null);
            }
            case "reference_id_list" -> {
                if (!value.isArray() || value.isEmpty()) {
                    throw DciException.bad("message.txnstatus_request.attribute_value must be a list of reference_id");
                }
                List<String> references = new ArrayList<>();
                value.forEach(v -> references.add(v.asText()));
                yield SpdciTransaction.find("clientId = ?1 and action = ?2 and id in (select r.transactionId"
                        + " from SpdciTransactionReference r where r.referenceId in ?3) order by createdAt desc",
                        client.clientId(), txnType, references).firstResult();
            }
            default -> throw DciException.bad(
                    "message.txnstatus_request.attribute_type must be transaction_id, reference_id_list or correlation_id");
        };
        return found.map(t -> {
            // Another client's transaction, or one made under regions or programmes this token no longer grants,
            // is answered exactly as one that does not exist.
            if (t == null || !client.covers(t.scopeRegions, t.scopeProgrammes)) {
                throw notFound(txnType);
            }
            return new Dci.TxnStatusResponse(request.transactionId(), t.id.toString(),
                    new Dci.TxnStatus(txnType, read(t)));
        });
    }

    private static DciException notFound(String txnType) {
        return new DciException(404, "err.request.not_found", "no " + txnType + " transaction of your client matches");
    }

    private static String text(JsonNode value, String attributeType) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw DciException.bad("message.txnstatus_request.attribute_value must be the " + attributeType);
        }
        return value.asText();
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    private Uni<SpdciTransaction> previous(SpdciRequest request) {
        SpdciClient client = request.client();
        return SpdciTransaction.<SpdciTransaction>find("clientId = ?1 and messageId = ?2", client.clientId(),
                request.messageId()).firstResult().invoke(previous -> {
                    if (previous != null && !previous.action.equals(request.action())) {
                        throw DciException.bad("header.message_id was already used by your client for "
                                + previous.action);
                    }
                    if (previous != null && !client.covers(previous.scopeRegions, previous.scopeProgrammes)) {
                        // The first answer was computed under regions this token no longer grants.
                        throw new DciException(403, "err.request.forbidden", "header.message_id was already used"
                                + " under a wider scope than your token grants now: send a new message_id");
                    }
                });
    }

    private List<JsonNode> items(SpdciRequest request, String field) {
        JsonNode array = request.message().path(field);
        if (!array.isArray() || array.isEmpty()) {
            throw DciException.bad("message." + field + " must be a non-empty array");
        }
        if (array.size() > MAX_REQUESTS) {
            throw DciException.bad("message." + field + ": at most " + MAX_REQUESTS + " requests per message");
        }
        if (request.totalCount() != array.size()) {
            throw DciException.bad("header.total_count must be the number of requests in message." + field + " ("
                    + array.size() + ")");
        }
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static void checkReference(JsonNode item, Set<String> seen, String invalid, String duplicate) {
        JsonNode reference = item.path("reference_id");
        if (!reference.isTextual() || reference.asText().isBlank() || reference.asText().length() > 99) {
            throw new SpdciSearch.Rejected(invalid, "reference_id is required (1 to 99 characters)");
        }
        if (!seen.add(reference.asText())) {
            throw new SpdciSearch.Rejected(duplicate, "reference_id appears twice in this message");
        }
    }

    private static void checkTimestamp(JsonNode item, String invalid) {
        try {
            OffsetDateTime.parse(item.path("timestamp").asText(""));
        } catch (DateTimeParseException e) {
            throw new SpdciSearch.Rejected(invalid, "timestamp must be an ISO 8601 date-time with its offset");
        }
    }

    private static String locale(JsonNode item) {
        return item.path("locale").isTextual() ? item.path("locale").asText() : null;
    }

    private Uni<Void> save(SpdciRequest request, UUID correlation, JsonNode summary, boolean success,
            Object response, List<JsonNode> items) {
        SpdciTransaction t = new SpdciTransaction();
        t.id = correlation;
        t.senderId = request.senderId();
        t.clientId = request.client().clientId();
        t.scopeRegions = request.client().regionsText();
        t.scopeProgrammes = request.client().programmesText();
        t.messageId = request.messageId();
        t.transactionId = request.transactionId();
        t.action = request.action();
        t.status = success ? SpdciTransaction.SUCCESS : SpdciTransaction.REJECTED;
        t.requestSummary = summary.toString();
        t.responseEncrypted = encrypt(response == null ? Map.of() : response, transaction(t.id));
        t.createdAt = Instant.now();
        Set<String> references = new HashSet<>();
        items.forEach(i -> {
            if (i.path("reference_id").isTextual() && i.path("reference_id").asText().length() <= 99) {
                references.add(i.path("reference_id").asText());
            }
        });
        return t.persist().chain(() -> Multi.createFrom().iterable(references)
                .onItem().transformToUniAndConcatenate(reference -> {
                    SpdciTransactionReference r = new SpdciTransactionReference();
                    r.id = TimeOrderedIds.next();
                    r.transactionId = correlation;
                    r.referenceId = reference;
                    return r.persist();
                }).collect().last()).replaceWithVoid();
    }

    /** Queues a callback; the worker sends it. @return the correlation id to acknowledge with */
    Uni<UUID> deliver(SpdciRequest request, UUID correlation, String path, String action, Dci.Envelope body,
            String subscription) {
        return queue(correlation, request.callback(path), action, body, subscription)
                .replaceWith(correlation);
    }

    Uni<Void> queue(UUID transaction, String url, String action, Dci.Envelope body, String subscription) {
        SpdciDelivery d = new SpdciDelivery();
        d.id = TimeOrderedIds.next();
        d.transactionId = transaction;
        d.subscription = subscription;
        d.url = url;
        d.action = action;
        d.bodyEncrypted = encrypt(body, delivery(d.id));
        d.status = SpdciDelivery.PENDING;
        d.createdAt = Instant.now();
        d.nextAttemptAt = d.createdAt;
        return d.persist().replaceWithVoid();
    }

    Dci.Envelope envelope(String action, SpdciRequest request, Object message) {
        return new Dci.Envelope(null, header(action, request.senderId(), request.totalCount(), null), message);
    }

    Dci.CallbackHeader header(String action, String receiver, int count, Map<String, String> meta) {
        return new Dci.CallbackHeader(Dci.VERSION, UUID.randomUUID().toString(), Instant.now().toString(), action,
                "succ", null, null, count, count, registryId, receiver, false, meta);
    }

    Dci.Ack ack(UUID correlation) {
        return new Dci.Ack(new Dci.AckMessage("ACK", Instant.now().toString(), null, correlation.toString()));
    }

    /** The AAD of a transaction's stored answer. */
    public static String transaction(UUID id) {
        return "spdci-transaction:" + id;
    }

    /** The AAD of a queued callback's body. */
    public static String delivery(UUID id) {
        return "spdci-delivery:" + id;
    }

    String encrypt(Object value, String context) {
        try {
            return niks.encrypt(mapper.writeValueAsString(value), context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an SPDCI message cannot be written as JSON", e);
        }
    }

    private JsonNode read(SpdciTransaction t) {
        return readTree(niks.decrypt(t.responseEncrypted, transaction(t.id)));
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SPDCI message is not JSON", e);
        }
    }
}
