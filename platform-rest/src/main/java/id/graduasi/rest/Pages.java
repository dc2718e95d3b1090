package id.graduasi.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;

/**
 * Keyset pages of a list answered as a JSON array: a full page carries the next page's cursor in the
 * {@code X-Next-Cursor} header and a {@code Link: <...&after=...>; rel="next"} header, as the audit log does;
 * a caller passes it back as {@code after}. The body stays the array older clients read.
 */
public final class Pages {

    public static final String NEXT_CURSOR = "X-Next-Cursor";

    private Pages() {
    }

    /** The page, with the next page's cursor when it is full ({@code limit} rows). */
    public static <T, V> RestResponse<List<V>> of(List<T> rows, int limit, Function<T, String> position,
            Function<T, V> view, UriInfo uri) {
        RestResponse.ResponseBuilder<List<V>> response = RestResponse.ResponseBuilder
                .ok(rows.stream().map(view).toList());
        if (!rows.isEmpty() && rows.size() == limit) {
            String next = encode(position.apply(rows.get(rows.size() - 1)));
            response.header(NEXT_CURSOR, next)
                    .header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("after", next).build()
                            + ">; rel=\"next\"");
        }
        return response.build();
    }

    /** A cursor is the last row's position, opaque to the caller. */
    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position in a cursor this service made, or {@code null} for none; 400 naming {@code after} when the
     * text is not one.
     */
    public static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("after", "is not a cursor of this list");
        }
    }
}
