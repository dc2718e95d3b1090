package id.graduasi.dashboard.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import id.graduasi.dashboard.config.DashboardConfig;
import id.graduasi.dashboard.messaging.ConsumerLag;
import id.graduasi.dashboard.service.DashboardService;
import id.graduasi.dashboard.service.LiveUpdates;
import id.graduasi.rest.ProblemException;
import id.graduasi.security.Caller;
import id.graduasi.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * The dashboard's data: a region's view as JSON, its tables as CSV, the live stream (SSE) and the consumer's lag.
 * Every figure is limited to the caller's regions (a partner sees only its own) and small counts are suppressed.
 */
@Cancellable(false)
@Path("/api/v1/dashboard")
@RolesAllowed({Roles.ADMIN, Roles.SUPERVISOR, Roles.OFFICER, Roles.AUDITOR, Roles.PARTNER})
public class DashboardResource {

    private static final List<String> TABLES = List.of("funnel", "workers", "programmes", "realization",
            "poverty", "graduations");

    private final DashboardService dashboard;
    private final LiveUpdates live;
    private final ConsumerLag lag;
    private final Caller caller;
    private final DashboardConfig config;

    public DashboardResource(DashboardService dashboard, LiveUpdates live, ConsumerLag lag, Caller caller,
            DashboardConfig config) {
        this.dashboard = dashboard;
        this.live = live;
        this.lag = lag;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A region's dashboard: funnel and pendamping work per child region, programme realization "
            + "and graduations per month (no region: the provinces, or a partner's own regions)")
    public Uni<Map<String, Object>> view(@QueryParam("region") String region) {
        return dashboard.view(region, caller.scope(), programmes());
    }

    @GET
    @Path("/{table}.csv")
    @Produces("text/csv")
    @Operation(summary = "One table of a region's dashboard as CSV (funnel, workers, programmes, realization, "
            + "poverty, graduations), "
            + "headers in Bahasa Indonesia (lang=id, default) or English (lang=en)")
    public Uni<Response> csv(@PathParam("table") String table, @QueryParam("region") String region,
            @QueryParam("lang") String lang) {
        if (!TABLES.contains(table)) {
            throw ProblemException.badRequest("table", "must be one of " + TABLES);
        }
        if (lang != null && !lang.equals("id") && !lang.equals("en")) {
            throw ProblemException.badRequest("lang", "must be id or en");
        }
        return dashboard.view(region, caller.scope(), programmes()).map(view -> Response
                .ok(csv(table, view, lang == null ? "id" : lang))
                .header("Content-Disposition", "attachment; filename=\"graduasi-" + table + "-"
                        + (region == null || region.isBlank() ? "all" : region) + ".csv\"")
                .build());
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live updates (Server-Sent Events): changed when events were applied, with the lag")
    public Multi<Map<String, Object>> stream() {
        return live.stream();
    }

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The consumer's lag behind the topics and when it last applied an event")
    public Map<String, Object> status() {
        return lag.status();
    }

    private Set<String> programmes() {
        return caller.is(Roles.PARTNER) ? caller.programmes() : Set.of();
    }

    @SuppressWarnings("unchecked")
    private String csv(String table, Map<String, Object> view, String lang) {
        String suppressed = "<" + config.kAnonymity();
        List<String> keys = new ArrayList<>();
        List<Map<String, Object>> rows;
        Map<String, Object> total = null;
        if (table.equals("graduations")) {
            keys.addAll(List.of("month", "graduated", "relapsed"));
            rows = (List<Map<String, Object>>) view.get("graduationsByMonth");
        } else {
            Map<String, Object> data = (Map<String, Object>) view.get(table);
            boolean byProgramme = table.equals("programmes") || table.equals("realization");
            keys.add(byProgramme ? "programme" : table.equals("poverty") ? "month" : "code");
            if (!byProgramme && !table.equals("poverty")) {
                keys.add("name");
            }
            keys.addAll((List<String>) data.get("columns"));
            rows = (List<Map<String, Object>>) data.get("rows");
            total = (Map<String, Object>) data.get("total");
        }
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", keys.stream().map(k -> Labels.of(k, lang)).toList())).append("\r\n");
        for (Map<String, Object> row : rows) {
            line(out, keys, row, suppressed);
        }
        if (total != null) {
            Map<String, Object> t = new java.util.LinkedHashMap<>(total);
            t.put(keys.get(0), Labels.of("total", lang));
            line(out, keys, t, suppressed);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> keys, Map<String, Object> row, String suppressed) {
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = row.get(keys.get(i));
            out.append(value == null ? (row.containsKey(keys.get(i)) ? suppressed : "") : quote(value.toString()));
        }
        out.append("\r\n");
    }

    private static String quote(String value) {
        // Quoted when needed, and never read by a spreadsheet as a formula.
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+(\\.\\d+)?")
                ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
