package id.graduasi.registry.spdci;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.security.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The DCI Social Registry API v1.0.0 (shared/standards/spdci/social_api_v1.0.0.yaml). Bodies are read as text
 * so that any malformed envelope gets the spec's ERR acknowledgement rather than a generic error. The
 * on-search, on-subscribe, on-unsubscribe, notify and txn/on-status endpoints belong to the partner: the
 * registry calls them.
 */
@Cancellable(false)
@Path("/registry")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SPDCI Social Registry")
@jakarta.annotation.security.RolesAllowed({id.graduasi.security.Roles.PARTNER, id.graduasi.security.Roles.ADMIN})
public class SpdciResource {

    private static final Logger LOG = Logger.getLogger(SpdciResource.class);

    private final SpdciService service;
    private final ObjectMapper mapper;
    private final SpdciPartners partners;
    private final CallbackPolicy callbacks;
    private final Caller caller;
    private final SpdciDeliveryWorker worker;
    private final SpdciSignatures signatures;

    public SpdciResource(SpdciService service, ObjectMapper mapper, SpdciPartners partners, CallbackPolicy callbacks,
            Caller caller, SpdciDeliveryWorker worker, SpdciSignatures signatures) {
        this.service = service;
        this.signatures = signatures;
        this.worker = worker;
        this.mapper = mapper;
        this.partners = partners;
        this.callbacks = callbacks;
        this.caller = caller;
    }

    /**
     * The request a partner's DCI client sends, as served in the OpenAPI document: receiver_id is the registry's
     * id (graduasi-registry unless the operator set another), sender_id the one registered for the client, and
     * the signature is required only from partners that registered a public key (docs/security.md).
     */
    static final String SEARCH_EXAMPLE = """
            {"signature": "Signature: namespace=\"spdci\", kidId=\"spmis.dinsos.kaltim|2026-01|ed25519\", \
            algorithm=\"ed25519\", created=\"1767225600\", expires=\"1767229200\", \
            headers=\"(created) (expires) digest\", signature=\"<base64>\"",
             "header": {"version": "1.0.0", "message_id": "8f5c3f4e-1d2a-4b7e-9a4e-0c1f2d3e4a5b",
                        "message_ts": "2026-01-01T00:00:00Z", "action": "search",
                        "sender_id": "spmis.dinsos.kaltim", "sender_uri": "https://spmis.kaltimprov.go.id/dci",
                        "receiver_id": "graduasi-registry", "total_count": 1, "is_msg_encrypted": false},
             "message": {"transaction_id": "txn-0001", "search_request": [
               {"reference_id": "ref-1", "timestamp": "2026-01-01T00:00:00Z",
                "search_criteria": {"version": "1.0.0", "reg_type": "ns:org:RegistryType:Social",
                  "query_type": "idtype-value", "response_entity": "Group",
                  "query": {"type": "KK", "value": "6472011503090001"}}}]}}""";

    @POST
    @Path("/sync/search")
    @Operation(summary = "Search the registry; the on-search envelope is the response")
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(content = @org.eclipse.microprofile.openapi
            .annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, examples = @org.eclipse.microprofile
            .openapi.annotations.media.ExampleObject(name = "search", value = SEARCH_EXAMPLE)))
    public Uni<Dci.Envelope> syncSearch(String body) {
        return Uni.createFrom().item(() -> parse(body, "search", false)).chain(service::syncSearch).map(signatures::sign);
    }

    @POST
    @Path("/search")
    @Operation(summary = "Search the registry; ACK now, results by POST to {sender_uri}/registry/on-search")
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(content = @org.eclipse.microprofile.openapi
            .annotations.media.Content(mediaType = MediaType.APPLICATION_JSON, examples = @org.eclipse.microprofile
            .openapi.annotations.media.ExampleObject(name = "search", value = SEARCH_EXAMPLE)))
    public Uni<Dci.Ack> search(String body) {
        return Uni.createFrom().item(() -> parse(body, "search", true)).chain(service::search).invoke(worker::wake);
    }

    @POST
    @Path("/subscribe")
    @Operation(summary = "Subscribe to REGISTER / NewHouseHoldMember; on-subscribe and notify callbacks follow")
    public Uni<Dci.Ack> subscribe(String body) {
        return Uni.createFrom().item(() -> parse(body, "subscribe", true)).chain(service::subscribe).invoke(worker::wake);
    }

    @POST
    @Path("/unsubscribe")
    @Operation(summary = "End subscriptions by subscription_codes; on-unsubscribe callback follows")
    public Uni<Dci.Ack> unsubscribe(String body) {
        return Uni.createFrom().item(() -> parse(body, "unsubscribe", true)).chain(service::unsubscribe).invoke(worker::wake);
    }

    @POST
    @Path("/txn/status")
    @Operation(summary = "Status of a search or subscribe transaction; answer by POST to {sender_uri}/registry/txn/on-status")
    public Uni<Dci.Ack> txnStatus(String body) {
        return Uni.createFrom().item(() -> parse(body, "txn-status", true)).chain(service::asyncTxnStatus).invoke(worker::wake);
    }

    @POST
    @Path("/sync/txn/status")
    @Operation(summary = "Status of a search or subscribe transaction; the txn-on-status envelope is the response")
    public Uni<Dci.Envelope> syncTxnStatus(String body) {
        return Uni.createFrom().item(() -> parse(body, "txn-status", false)).chain(service::syncTxnStatus).map(signatures::sign);
    }

    /**
     * The envelope, taken from the authenticated client: the client must be a registered partner, the header's
     * sender_id the one registered for it, and a sender_uri one of its registered callback URIs.
     */
    private SpdciRequest parse(String body, String action, boolean callback) {
        String clientId = caller.clientId();
        SpdciPartners.Partner partner = partners.partnerOf(clientId).orElseThrow(() -> new DciException(403,
                "err.request.forbidden", "client " + clientId + " is not registered as an SPDCI partner"));
        SpdciRequest request = SpdciRequest.parse(mapper, body, action, callback, service.registryId());
        if (!request.senderId().equals(partner.senderId())) {
            throw new DciException(403, "err.sender_id.invalid",
                    "header.sender_id is not the sender id registered for your client");
        }
        signatures.verify(partner, body);
        if (callback) {
            callbacks.check(partner, request.senderUri());
        }
        return request.from(new SpdciClient(clientId, partner.senderId(), caller.scope(), caller.programmes()));
    }

    /**
     * The spec's Response with ack_status ERR; the correlation_id names this refusal in our log. A 401 or 403 is
     * the spec's HttpErrorResponse instead, as the spec defines for those statuses.
     */
    @ServerExceptionMapper
    public Response refused(DciException e) {
        if (e.httpStatus == 401 || e.httpStatus == 403) {
            return httpError(e.httpStatus, e.code, e.getMessage());
        }
        String correlation = UUID.randomUUID().toString();
        LOG.debugf("SPDCI request refused (%s, %s): %s", correlation, e.code, e.getMessage());
        return Response.status(e.httpStatus).type(MediaType.APPLICATION_JSON)
                .entity(new Dci.Ack(new Dci.AckMessage("ERR", Instant.now().toString(),
                        new Dci.Error(e.code, e.getMessage()), correlation)))
                .build();
    }

    /** No token, or one that is not valid for this service: the spec's HttpErrorResponse, not problem+json. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(httpError(401, "err.request.unauthorized",
                "a valid bearer token issued for this registry is required")).header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return httpError(403, "err.request.forbidden", "your roles do not allow SPDCI requests (PARTNER or ADMIN)");
    }

    /** The spec's HttpErrorResponse: {"errors": [{"code", "message"}]}. */
    static Response httpError(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("errors", List.of(new Dci.Error(code, message)))).build();
    }
}
