package id.graduasi.graduation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue #17: the HTTP layer's refusals are problem+json like every other 4xx (platform-security's HttpLimits).
 * Over a raw socket, because an HTTP client would not send some of these requests as they are.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class HttpLimitsTest {

    @TestHTTPResource("/")
    URL root;

    private static final String TOKEN = TestTokens.token("limits", Set.of("ADMIN"), Set.of("*"));

    @Test
    void aRequestTargetOverEightKilobytesIsA414Problem() throws IOException {
        String answer = exchange("GET /api/v1/criteria-versions/current?q=" + "a".repeat(10_000) + " HTTP/1.1\r\n"
                + headers() + "\r\n", null);
        assertProblem(answer, 414);
    }

    @Test
    void headersOverSixteenKilobytesAreA431Problem() throws IOException {
        String answer = exchange("GET /api/v1/criteria-versions/current HTTP/1.1\r\n" + headers()
                + "X-Filler: " + "h".repeat(20_000) + "\r\n\r\n", null);
        assertProblem(answer, 431);
    }

    /** Above the server's own limit (2M here), which used to answer first with a bare 413 and a closed connection. */
    @Test
    void aBodyOverTheServersOwnLimitIsA413ProblemBeforeItIsSent() throws IOException {
        String answer = exchange("POST /api/v1/criteria-versions HTTP/1.1\r\n" + headers()
                + "Content-Type: application/json\r\nContent-Length: " + (3 * 1024 * 1024) + "\r\n\r\n", null);
        assertProblem(answer, 413);
    }

    /** The refused body is dropped as it arrives: the client reads the answer, and the connection goes on. */
    @Test
    void aRefusedBodyIsDroppedAndTheConnectionStaysUsable() throws IOException {
        byte[] body = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        String first = "POST /api/v1/criteria-versions HTTP/1.1\r\n" + headers()
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        String second = "GET /api/v1/criteria-versions/current HTTP/1.1\r\n" + headers() + "\r\n";
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(first.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(second.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = readUntil(socket.getInputStream(), 2);
            assertProblem(answers, 413);
            int next = answers.indexOf("HTTP/1.1 ", 1);
            assertTrue(next > 0, "no answer to the second request on the same connection: " + answers);
            String status = answers.substring(next + 9, next + 12);
            assertTrue(status.equals("200") || status.equals("404"), "second answer: " + answers.substring(next));
        }
    }

    @Test
    void aChunkedBodyIsA411Problem() throws IOException {
        String answer = exchange("POST /api/v1/criteria-versions HTTP/1.1\r\n" + headers()
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", null);
        assertProblem(answer, 411);
    }

    private String headers() {
        return "Host: " + root.getHost() + "\r\nAuthorization: Bearer " + TOKEN + "\r\n";
    }

    private String exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                socket.getOutputStream().write(body);
            }
            socket.getOutputStream().flush();
            return readUntil(socket.getInputStream(), 1);
        }
    }

    /** Reads until as many responses as expected have arrived in full (by Content-Length) or the peer closes. */
    private static String readUntil(InputStream in, int responses) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (complete(read.toString(StandardCharsets.UTF_8)) < responses) {
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketException e) {
                break; // reset: what was read is all there is
            }
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    private static int complete(String text) {
        int count = 0;
        int at = 0;
        while (true) {
            int end = text.indexOf("\r\n\r\n", at);
            if (end < 0) {
                return count;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(text.substring(at, end));
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            if (text.length() < end + 4 + length) {
                return count;
            }
            count++;
            at = end + 4 + length;
        }
    }

    private static void assertProblem(String answer, int status) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), "answer: " + abbreviate(answer));
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
        assertTrue(head.contains("content-type: application/problem+json"), "answer: " + abbreviate(answer));
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertTrue(body.contains("\"status\":" + status) && body.contains("\"title\":")
                && body.contains("\"detail\":"), "body: " + abbreviate(body));
        assertEquals(-1, body.indexOf("\"status\":500"));
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }
}
