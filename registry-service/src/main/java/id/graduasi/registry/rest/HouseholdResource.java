package id.graduasi.registry.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import id.graduasi.registry.domain.EducationLevel;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.HouseholdRevision;
import id.graduasi.registry.domain.HouseholdStatus;
import id.graduasi.registry.domain.HouseholdStatusChange;
import id.graduasi.registry.domain.RegistrationSource;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;
import id.graduasi.registry.domain.WelfareCategory;
import id.graduasi.registry.reference.RegionDirectory;
import id.graduasi.registry.security.RegistryAccess;
import id.graduasi.registry.service.HouseholdSearch;
import id.graduasi.registry.service.HouseholdService;
import id.graduasi.registry.service.HouseholdSnapshot;
import id.graduasi.registry.service.MemberInput;
import id.graduasi.rest.ListBounds;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

@Cancellable(false)
@Path("/api/v1/households")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Households")
public class HouseholdResource {

    /** Who may read households (within their regions); partners' reads of personal data are audit-logged. */
    static final String[] READERS = {Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR, Roles.SOCIAL_WORKER,
            Roles.PARTNER};
    /** Reads of the registry's internal history: staff only. */
    static final String[] STAFF_READERS = {Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR,
            Roles.SOCIAL_WORKER};
    private static final String REASON_CODE = "[A-Z][A-Z0-9_]{0,59}";

    private final HouseholdService households;
    private final HouseholdSearch search;
    private final RegionDirectory regions;
    private final RegistryAccess access;

    public HouseholdResource(HouseholdService households, HouseholdSearch search, RegionDirectory regions,
            RegistryAccess access) {
        this.households = households;
        this.search = search;
        this.regions = regions;
        this.access = access;
    }

    public record MemberRequest(
            @NotNull @Schema(examples = "6472015503900001") String nik,
            @NotBlank @Size(max = 120) @Schema(examples = "Siti Aminah") String name,
            @NotNull Sex sex,
            @NotNull @PastOrPresent @Schema(examples = "1990-03-15") LocalDate birthDate,
            @NotNull Relationship relationship,
            EducationLevel educationLevel,
            boolean schoolEnrolled,
            @Size(max = 100) String occupation,
            boolean disability,
            boolean pregnant) {

        MemberInput toInput() {
            return new MemberInput(nik, name, sex, birthDate, relationship, educationLevel, schoolEnrolled,
                    occupation, disability, pregnant);
        }
    }

    public record RegisterHousehold(
            @NotNull @Pattern(regexp = "\\d{16}", message = "must be the 16-digit KK number")
            @Schema(examples = "6472011503090001") String kkNumber,
            @NotNull @Schema(examples = "64.72.01.1001") String villageCode,
            @Size(max = 300) @Schema(examples = "Jl. Pramuka Gg. 3 No. 12, RT 05") String address,
            @DecimalMin("-11.5") @DecimalMax("6.5") BigDecimal latitude,
            @DecimalMin("94.5") @DecimalMax("141.5") BigDecimal longitude,
            @NotNull WelfareCategory welfareCategory,
            @NotNull @Min(1) @Max(10) Integer dtsenDecile,
            @NotNull RegistrationSource registrationSource,
            @NotEmpty @Size(max = 30) List<@Valid @NotNull MemberRequest> members) {
    }

    /** {@code reason} is a code and travels in events; {@code note} is free text and stays in the registry. */
    public record StatusTransition(@NotNull HouseholdStatus status,
            @Pattern(regexp = REASON_CODE, message = "must be a reason code like FIELD_VERIFICATION")
            @Schema(examples = "FIELD_VERIFICATION") String reason,
            @Size(max = 500) @Schema(examples = "Visited on 12 March; documents complete") String note) {
    }

    public record RevisionView(long revision, String change, String changedBy, Instant changedAt) {

        static RevisionView of(HouseholdRevision r) {
            return new RevisionView(r.revision, r.change, r.changedBy, r.changedAt);
        }
    }

    public record StatusChangeView(HouseholdStatus fromStatus, HouseholdStatus toStatus, String reason, String note,
            String changedBy, Instant changedAt) {

        static StatusChangeView of(HouseholdStatusChange c) {
            return new StatusChangeView(c.fromStatus, c.toStatus, c.reason, c.note, c.changedBy, c.changedAt);
        }
    }

    @POST
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Operation(summary = "Register a household with its members",
            description = "400 names each bad field (NIK inconsistent with sex or birth date, unknown village code, "
                    + "not exactly one HEAD); 409 when the KK number is registered or a person is an active "
                    + "member of another household.")
    public Uni<RestResponse<HouseholdSnapshot>> register(@Valid @NotNull RegisterHousehold request) {
        Household household = new Household();
        household.kkNumber = request.kkNumber();
        household.villageCode = request.villageCode();
        household.address = request.address() == null ? null : request.address().strip();
        household.latitude = request.latitude();
        household.longitude = request.longitude();
        household.welfareCategory = request.welfareCategory();
        household.dtsenDecile = request.dtsenDecile().shortValue();
        household.registrationSource = request.registrationSource();
        access.requireWritable(request.villageCode());
        String actor = access.caller().id();
        return access.audited(() -> households.register(household,
                                request.members().stream().map(MemberRequest::toInput).toList(), actor,
                                access.caller().scope()),
                        "REGISTER", RegistryAccess.HOUSEHOLD, HouseholdSnapshot::id, HouseholdSnapshot::villageCode,
                        saved -> "registered in " + saved.villageCode() + " with " + saved.members().size()
                                + " members, status " + saved.status())
                .map(saved -> RestResponse.ResponseBuilder.<HouseholdSnapshot>created(
                        URI.create("/api/v1/households/" + saved.id())).entity(saved).build());
    }

    public record HouseholdSummary(UUID id, String kkNumber, String villageCode, HouseholdStatus status,
            WelfareCategory welfareCategory, int dtsenDecile, LocalDate registeredOn) {

        static HouseholdSummary of(Household h) {
            return new HouseholdSummary(h.id, h.kkNumber, h.villageCode, h.status, h.welfareCategory, h.dtsenDecile,
                    h.registeredOn);
        }
    }

    public record SearchPage(List<HouseholdSummary> items, Long total, UUID nextCursor) {
    }

    @GET
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR, Roles.SOCIAL_WORKER, Roles.PARTNER})
    @Operation(summary = "Search households",
            description = "By region prefix (province 64, regency 64.72, district 64.72.01 or village), status, "
                    + "welfare category, DTSEN decile, KK number and any active member's name. Keyset pages: pass "
                    + "nextCursor as after to get the next page. The first page's total counts every match; later "
                    + "pages (with after) do not count again and their total is null.")
    public Uni<SearchPage> search(
            @QueryParam("region") @Pattern(regexp = "\\d{2}(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?",
                    message = "must be a region code like 64, 64.72, 64.72.01 or 64.72.01.1001") String region,
            @QueryParam("status") HouseholdStatus status,
            @QueryParam("category") WelfareCategory category,
            @QueryParam("decile") @Min(1) @Max(10) Integer decile,
            @QueryParam("kk") @Pattern(regexp = "\\d{16}", message = "must be the 16-digit KK number") String kk,
            @QueryParam("name") @Size(min = 2, max = 120) String name,
            @QueryParam("after") UUID after,
            @QueryParam("limit") @Min(1) @Max(200) Integer limit) {
        if (region != null && !regions.isRegion(region)) {
            throw ProblemException.badRequest("region", "is not a code in the official region table");
        }
        return search.search(new HouseholdSearch.Criteria(region, status, category, decile, kk,
                        name == null ? null : name.strip(), after, limit == null ? 50 : limit), access.caller().scope())
                .map(page -> new SearchPage(page.items().stream().map(HouseholdSummary::of).toList(), page.total(),
                        page.nextCursor()))
                .chain(page -> access.readAudited("household-search", null, region,
                        "search returned " + page.items().size() + (page.total() == null ? " (a later page)"
                                : " of " + page.total()), page));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One household with its active members, now or as it stood at the end of a day",
            description = "asOf=2026-03-31 gives the household after the last change made on or before that date "
                    + "(UTC); 404 if it was not registered yet.")
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR, Roles.SOCIAL_WORKER, Roles.PARTNER})
    // One session for the region check and the snapshot: the household is read once, not once per step.
    @WithSession
    public Uni<HouseholdSnapshot> get(@PathParam("id") UUID id,
            @QueryParam("asOf") @Schema(implementation = LocalDate.class) String asOf) {
        if (asOf == null) {
            return access.household(id).chain(h -> households.snapshot(id)
                    .chain(snapshot -> access.read(h, "household with members", snapshot)));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(asOf);
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest("asOf", "must be a date like 2026-03-31");
        }
        if (date.getYear() < 1900 || date.getYear() > 9999) {
            throw ProblemException.badRequest("asOf", "must be a date between the years 1900 and 9999");
        }
        return access.household(id).chain(h -> households.asOf(id, date)
                .chain(snapshot -> access.read(h, "household with members as of " + date, snapshot)));
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every change of a household: revision, kind of change, who, when",
            description = "Oldest first. Read any revision's household with asOf on the household. "
                    + ListBounds.AT_MOST)
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    public Uni<List<RevisionView>> revisions(@PathParam("id") UUID id) {
        return access.household(id).chain(h -> households.revisions(id)).map(list -> list.stream().map(RevisionView::of).toList());
    }

    @POST
    @Path("/{id}/members")
    @Operation(summary = "Add a person to a household", description = "409 when the person is an active member "
            + "of another household.")
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    public Uni<RestResponse<HouseholdSnapshot.MemberSnapshot>> addMember(@PathParam("id") UUID id,
            @Valid @NotNull MemberRequest request) {
        String actor = access.caller().id();
        return access.household(id).chain(h -> access.auditedOn(h, "ADD_MEMBER",
                        () -> households.addMember(id, request.toInput(), actor, access.caller().scope()),
                        member -> "member " + member.id + " added as " + member.relationship))
                .map(member -> RestResponse.ResponseBuilder.<HouseholdSnapshot.MemberSnapshot>created(
                        URI.create("/api/v1/households/" + id)).entity(households.snapshot(member)).build());
    }

    @DELETE
    @Path("/{id}/members/{memberId}")
    @RolesAllowed({Roles.OFFICER, Roles.ADMIN})
    @Operation(summary = "Remove a person from a household (history is kept)")
    public Uni<RestResponse<Void>> removeMember(@PathParam("id") UUID id, @PathParam("memberId") UUID memberId,
            @QueryParam("reason") @NotNull
            @Pattern(regexp = REASON_CODE, message = "must be a reason code like MOVED or DECEASED") String reason) {
        String actor = access.caller().id();
        return access.household(id).chain(h -> access.auditedOn(h, "REMOVE_MEMBER",
                        () -> households.removeMember(id, memberId, reason, actor),
                        ignored -> "member " + memberId + " removed, reason " + reason))
                .map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/status")
    @Operation(summary = "Move a household along its lifecycle",
            description = "REGISTERED → VERIFIED → ACTIVE → GRADUATED | EXITED; GRADUATED → ACTIVE on relapse. "
                    + "An invalid transition is 409.")
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR})
    public Uni<HouseholdSnapshot> transition(@PathParam("id") UUID id, @Valid @NotNull StatusTransition request) {
        String actor = access.caller().id();
        return access.household(id).chain(found -> {
            HouseholdStatus from = found.status;
            return access.auditedOn(found, "STATUS",
                    () -> households.transition(id, request.status(), request.reason(), request.note(), actor),
                    h -> "status " + from + " -> " + h.status() + (request.reason() == null ? ""
                            : ", reason " + request.reason()));
        });
    }

    public record Merge(@NotNull UUID survivorId) {
    }

    @POST
    @Path("/{id}/merge")
    @Operation(summary = "Merge this household, registered twice, into the one that stays",
            description = "Its people not already in the survivor move there, it EXITs with reason DUPLICATE, and "
                    + "open duplicate flags between the two close as MERGED. Returns the survivor.")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    public Uni<HouseholdSnapshot> merge(@PathParam("id") UUID id, @Valid @NotNull Merge request) {
        String actor = access.caller().id();
        return access.household(id).chain(duplicate -> access.household(request.survivorId())
                .chain(survivor -> access.auditedOn(duplicate, "MERGE",
                        () -> households.merge(id, request.survivorId(), actor),
                        merged -> "merged into " + survivor.id)));
    }

    @GET
    @Path("/{id}/status-history")
    @Operation(summary = "Every status change of a household, oldest first", description = ListBounds.AT_MOST)
    @RolesAllowed({Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN, Roles.AUDITOR, Roles.SOCIAL_WORKER})
    public Uni<List<StatusChangeView>> history(@PathParam("id") UUID id) {
        return access.household(id).chain(h -> households.history(id)).map(list -> list.stream().map(StatusChangeView::of).toList());
    }
}
