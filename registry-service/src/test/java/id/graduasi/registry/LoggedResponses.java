package id.graduasi.registry;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Test-only: logs one line at the end of a request that asks for it ({@code X-Test-Log}), after the endpoint's
 * reactive chain ran, so ObservabilityTest can read which ids a log line of that request carries.
 */
public class LoggedResponses {

    static final String HEADER = "X-Test-Log";
    private static final Logger LOG = Logger.getLogger(LoggedResponses.class);

    @ServerResponseFilter
    public void log(ContainerRequestContext request, ContainerResponseContext response) {
        String marker = request.getHeaderString(HEADER);
        if (marker != null) {
            LOG.infof("test request %s answered %d", marker, response.getStatus());
        }
    }
}
