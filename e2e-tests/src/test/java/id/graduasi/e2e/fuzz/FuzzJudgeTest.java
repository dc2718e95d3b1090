package id.graduasi.e2e.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

/** The fuzzer's judge refuses what the issue calls a defect: a judge that passes everything would prove nothing. */
class FuzzJudgeTest {

    @Test
    void aProblemWithTitleStatusAndDetailPasses() {
        assertNull(FuzzTarget.problemDefect(400, response(400, "application/problem+json",
                "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"kk: must be 16 digits\","
                        + "\"errors\":[{\"field\":\"kk\",\"message\":\"must be 16 digits\"}]}")));
    }

    @Test
    void anythingLessIsADefect() {
        assertNotNull(FuzzTarget.problemDefect(414, response(414, null, "")), "a bare 414");
        assertNotNull(FuzzTarget.problemDefect(400, response(400, "application/json",
                "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"x\"}")), "plain JSON");
        assertNotNull(FuzzTarget.problemDefect(400, response(400, "application/problem+json", "not json")));
        assertNotNull(FuzzTarget.problemDefect(400, response(400, "application/problem+json",
                "{\"status\":400,\"detail\":\"x\"}")), "no title");
        assertNotNull(FuzzTarget.problemDefect(404, response(404, "application/problem+json",
                "{\"title\":\"Not Found\",\"status\":400,\"detail\":\"x\"}")), "another status in the body");
        assertNotNull(FuzzTarget.problemDefect(400, response(400, "application/problem+json",
                "{\"title\":\"Bad Request\",\"status\":400}")), "no detail");
        assertNotNull(FuzzTarget.problemDefect(400, response(400, "application/problem+json",
                "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"x\",\"errors\":[{\"message\":\"m\"}]}")),
                "an error naming no field");
    }

    @Test
    void theDciEndpointsMayAnswerInTheirStandardsFormat() {
        assertNull(FuzzTarget.dciDefect(401, response(401, "application/json",
                "{\"errors\":[{\"code\":\"err.request.unauthorized\",\"message\":\"m\"}]}")));
        assertNull(FuzzTarget.dciDefect(400, response(400, "application/json",
                "{\"message\":{\"ack_status\":\"ERR\",\"error\":{\"code\":\"err.request.bad\",\"message\":\"m\"}}}")));
        assertNotNull(FuzzTarget.dciDefect(400, response(400, "application/json", "{}")));
    }

    private static HttpResponse<byte[]> response(int status, String contentType, String body) {
        HttpHeaders headers = HttpHeaders.of(contentType == null ? Map.of() : Map.of("Content-Type",
                List.of(contentType)), (a, b) -> true);
        return new HttpResponse<>() {
            public int statusCode() {
                return status;
            }

            public HttpRequest request() {
                return HttpRequest.newBuilder(URI.create("http://localhost/")).build();
            }

            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            public HttpHeaders headers() {
                return headers;
            }

            public byte[] body() {
                return body.getBytes(StandardCharsets.UTF_8);
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return URI.create("http://localhost/");
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
