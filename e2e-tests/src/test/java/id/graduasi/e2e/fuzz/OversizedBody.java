package id.graduasi.e2e.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A body of any size sent over a raw socket (nothing of it held in memory here), read the way a careful client
 * does: the answer is read while the body is still being written, so an early refusal is seen even when the
 * server then closes the connection.
 */
public final class OversizedBody {

    /** What came back: status 0 when no answer arrived; {@code written} bytes of the body went out. */
    public record Answer(int status, String contentType, String body, long written, String writeError) {

        public String describe() {
            return status + " " + contentType + " after " + written / (1024 * 1024) + " MB written"
                    + (writeError == null ? "" : " (" + writeError + ")") + " " + body;
        }
    }

    private OversizedBody() {
    }

    public static Answer send(String host, int port, String path, String token, String contentType, long size)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(120_000);
            AtomicLong written = new AtomicLong();
            String[] writeError = new String[1];
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + size + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = filler(contentType);
                    while (written.get() < size) {
                        int n = (int) Math.min(chunk.length, size - written.get());
                        out.write(chunk, 0, n);
                        written.addAndGet(n);
                    }
                    out.flush();
                } catch (IOException e) {
                    writeError[0] = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }, "oversized-writer");
            writer.setDaemon(true);
            writer.start();
            String answer;
            try {
                answer = readAnswer(socket.getInputStream());
            } catch (IOException e) {
                answer = "";
            }
            writer.join(120_000);
            if (answer.isEmpty()) {
                return new Answer(0, "", "", written.get(), writeError[0]);
            }
            int headEnd = answer.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?im)^content-type: *(.*)$").matcher(head);
            return new Answer(Integer.parseInt(answer.substring(9, 12)), type.find() ? type.group(1).trim() : "",
                    headEnd < 0 ? "" : answer.substring(headEnd + 4), written.get(), writeError[0]);
        }
    }

    /** CSV rows for the import path (so that it is read as a file), blanks elsewhere. */
    private static byte[] filler(String contentType) {
        byte[] chunk = new byte[64 * 1024];
        if (contentType.startsWith("text/csv")) {
            byte[] row = "1234567890123456,64.71.01.2001,x,MISKIN,1,1234567890123456,x,L,1980-01-01,HEAD,SD,false,x,false,false\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = row[i % row.length];
            }
        } else {
            java.util.Arrays.fill(chunk, (byte) ' ');
        }
        return chunk;
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            String text = read.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length: *(\\d+)")
                        .matcher(text.substring(0, end));
                if (length.find() && text.length() >= end + 4 + Integer.parseInt(length.group(1))) {
                    return text;
                }
            }
            int n = in.read(buffer);
            if (n < 0) {
                return text;
            }
            read.write(buffer, 0, n);
        }
    }
}
