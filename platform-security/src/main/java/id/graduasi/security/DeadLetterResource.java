package id.graduasi.security;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import id.graduasi.events.inbox.DeadLetterReplay;
import id.graduasi.rest.Problem;
import id.graduasi.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The service's dead letters, for administrators: what its consumers could never process, with the reason, and a
 * replay after the fix ({@code ./graduasi dlq <service> list|show|replay}). Dead letters may hold personal data of
 * any region, so this needs an ADMIN token granting every region.
 */
@Cancellable(false)
@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters")
public class DeadLetterResource {

    static final String ID = "[0-9]{1,9}-[0-9]{1,19}";

    private final DeadLetterReplay replay;
    private final Caller caller;
    private final Validator validator;

    public DeadLetterResource(DeadLetterReplay replay, Caller caller, Validator validator) {
        this.replay = replay;
        this.caller = caller;
        this.validator = validator;
    }

    public record ReplayRequest(@Size(max = 100) String channel,
            @NotNull @NotEmpty @Size(max = 1000) List<@NotNull @Pattern(regexp = ID) String> ids) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Dead letters of a consumer channel, newest first, with the reason and any replays")
    public Uni<List<DeadLetterReplay.Listed>> list(@QueryParam("channel") @Size(max = 100) String channel,
            @QueryParam("limit") @Min(1) @Max(DeadLetterReplay.MAX_LIST) Integer limit) {
        return replay.list(channel(channel), limit == null ? 100 : limit).map(all -> all.stream()
                .map(l -> new DeadLetterReplay.Listed(l.letter().withoutPayload(), l.replays())).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "One dead letter, with its headers and data")
    public Uni<DeadLetterReplay.Listed> show(@PathParam("id") String id,
            @QueryParam("channel") @Size(max = 100) String channel) {
        String checked = channel(channel); // the scope first: a caller without it learns nothing, not even 400
        if (id == null || !id.matches(ID)) {
            throw new ProblemException(400, "Bad Request", "a dead letter's id is <partition>-<offset>",
                    List.of(new Problem.FieldError("id", "must match " + ID)));
        }
        return replay.find(checked, id).map(found -> {
            if (found == null) {
                throw ProblemException.notFound("dead letter", id);
            }
            return found;
        });
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Re-applies the chosen dead letters through the channel's handler",
            description = "Each goes through the inbox: one already applied is not applied again. The outcome of "
                    + "each is returned and recorded.")
    public Uni<List<DeadLetterReplay.Outcome>> replay(ReplayRequest request) {
        String channel = channel(request == null ? null : request.channel());
        var violations = request == null ? null : validator.validate(request);
        if (request == null || !violations.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "name the dead letters to replay", violations == null
                    ? List.of(new Problem.FieldError("ids", "required"))
                    : violations.stream().map(v -> new Problem.FieldError(v.getPropertyPath().toString(),
                            v.getMessage())).toList());
        }
        return replay.replay(channel, request.ids(), caller.id());
    }

    private String channel(String requested) {
        if (!caller.scope().unrestricted()) {
            throw new ProblemException(403, "Forbidden", "dead letters may concern any region: they need a token "
                    + "granting regions [*]", List.of());
        }
        String channel = requested == null || requested.isBlank() ? "graduasi-events" : requested;
        if (!replay.knows(channel)) {
            throw new ProblemException(400, "Bad Request", "this service has no consumer channel " + channel,
                    List.of(new Problem.FieldError("channel", "one of " + replay.channels())));
        }
        return channel;
    }
}
