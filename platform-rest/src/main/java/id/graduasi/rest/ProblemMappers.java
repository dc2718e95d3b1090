package id.graduasi.rest;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import id.graduasi.events.inbox.Failures;

/** Every failure a client can cause becomes a 4xx problem; anything else is a 500 problem and a bug. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.of(400, "Bad Request", detail, errors));
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e) {
        return respond(Problem.of(400, "Bad Request", "the body is not well-formed JSON: " + e.getOriginalMessage(),
                List.of()));
    }

    /** Quarkus maps this subtype itself unless the application does: wrong types, unknown enum values. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unbindable(e);
    }

    @ServerExceptionMapper
    public Response unbindable(JsonMappingException e) {
        String field = jsonPath(e);
        String message;
        if (e instanceof InvalidFormatException f) {
            message = "cannot be read as " + f.getTargetType().getSimpleName()
                    + (f.getTargetType().isEnum() ? " (allowed: " + List.of(f.getTargetType().getEnumConstants()) + ")" : "");
        } else if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else {
            message = e.getOriginalMessage();
        }
        return respond(Problem.of(400, "Bad Request", field + ": " + message,
                List.of(new Problem.FieldError(field, message))));
    }

    /** A write lost a race the service did not serialize: the client may retry, nothing was written. */
    @ServerExceptionMapper
    public Response constraint(org.hibernate.exception.ConstraintViolationException e) {
        LOG.warnf("a write conflicted with existing data (constraint %s)", e.getConstraintName());
        return respond(Problem.of(409, "Conflict", "the request conflicts with existing data; nothing was written",
                List.of()));
    }

    @ServerExceptionMapper({org.hibernate.StaleStateException.class, jakarta.persistence.OptimisticLockException.class})
    public Response concurrentChange(RuntimeException e) {
        return respond(Problem.of(409, "Conflict",
                "the resource was changed by someone else meanwhile; read it again and retry", List.of()));
    }

    /** PostgreSQL refused a value (SQLSTATE class 22: a NUL character, a number out of range). */
    @ServerExceptionMapper
    public Response unstorable(org.hibernate.exception.DataException e) {
        return respond(Problem.of(400, "Bad Request",
                "a value cannot be stored (invalid characters or out of range); nothing was written", List.of()));
    }

    /** Other JSON failures (e.g. nesting too deep) are still the client's. */
    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.core.JsonProcessingException e) {
        return respond(Problem.of(400, "Bad Request", "the body cannot be read as JSON", List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (Failures.isTransient(e)) {
            // The database (or the network to it) is down or restarting: readiness says DOWN meanwhile, and the
            // caller may retry; not a bug, so no stack trace per request.
            LOG.warnf("answering 503: a dependency is unavailable (%s)", Failures.root(e).getClass().getSimpleName());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(Problem.of(503, "Service Unavailable",
                            "a service this one depends on is unavailable; retry later", List.of()))
                    .build();
        }
        LOG.error("unexpected failure answering a request", e);
        return respond(Problem.of(500, "Internal Server Error", "an unexpected error occurred; it has been logged",
                List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /**
     * Drops the method and parameter names bean validation puts first: {@code register.request.kk} is {@code kk};
     * a header, query or path parameter is named as the client sends it ({@code Idempotency-Key}, not {@code idempotencyKey}).
     */
    private static String field(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false).toList();
        StringBuilder path = new StringBuilder();
        Path.MethodNode method = null;
        for (Path.Node node : nodes) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD) {
                method = node.as(Path.MethodNode.class);
                continue;
            }
            if (kind == ElementKind.PARAMETER && nodes.size() > 2) {
                continue; // a body parameter: its properties follow
            }
            if (kind == ElementKind.PARAMETER && method != null) {
                String wire = wireName(violation.getRootBeanClass(), method,
                        node.as(Path.ParameterNode.class).getParameterIndex());
                if (wire != null) {
                    path.append(wire);
                    continue;
                }
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && kind != ElementKind.CONTAINER_ELEMENT) {
                path.append(path.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** The name a resource method's parameter has on the wire, from its JAX-RS annotation; null if none. */
    private static String wireName(Class<?> resource, Path.MethodNode method, int index) {
        // The validated instance may be a generated subclass whose overrides carry no annotations: walk up.
        for (Class<?> c = resource; c != null && c != Object.class; c = c.getSuperclass()) {
            String found = wireName(c.getDeclaredMethods(), method, index);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String wireName(java.lang.reflect.Method[] methods, Path.MethodNode method, int index) {
        for (java.lang.reflect.Method m : methods) {
            if (!m.getName().equals(method.getName()) || m.getParameterCount() != method.getParameterTypes().size()) {
                continue;
            }
            for (java.lang.annotation.Annotation a : m.getParameterAnnotations()[index]) {
                if (a instanceof jakarta.ws.rs.HeaderParam h) {
                    return h.value();
                }
                if (a instanceof jakarta.ws.rs.QueryParam q) {
                    return q.value();
                }
                if (a instanceof jakarta.ws.rs.PathParam p) {
                    return p.value();
                }
            }
        }
        return null;
    }
}
