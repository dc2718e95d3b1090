package id.graduasi.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A bank as a real HTTP endpoint, for the local platform and the end-to-end test (never for production): it
 * accepts payment instructions at {@code POST /provider/payments} ({@code {callbackUrl, payments: [{reference,
 * amount, ...}]}}), and shortly after confirms each one PAID, with its amount, to the callback URL. A reference
 * it has seen is the same payment: it is confirmed again with the same transaction id, as a real provider's
 * idempotent answer would be.
 * Each callback is signed as assistance requires: {@code X-Graduasi-Timestamp} and {@code X-Graduasi-Signature:
 * sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the shared callback secret>}. Asked what became of
 * references ({@code POST /provider/payments/status} with {@code {references: [...]}}), it answers PAID with the
 * transaction id for each it received and UNKNOWN for the others.
 */
public final class SimulatedPaymentProvider implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService confirmer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-payment-provider");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> transactions = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final byte[] callbackSecret;

    private SimulatedPaymentProvider(HttpServer server, String callbackSecret) {
        this.server = server;
        this.callbackSecret = callbackSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** @param callbackSecret the secret assistance verifies callbacks with (its payment.callback-secret) */
    public static SimulatedPaymentProvider start(int port, String callbackSecret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        SimulatedPaymentProvider provider = new SimulatedPaymentProvider(server, callbackSecret);
        server.createContext("/provider/payments/status", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                var answers = JSON.createArrayNode();
                for (JsonNode reference : JSON.readTree(body).path("references")) {
                    String transaction = provider.transactions.get(reference.asText());
                    var answer = answers.addObject().put("reference", reference.asText())
                            .put("status", transaction == null ? "UNKNOWN" : "PAID");
                    if (transaction != null) {
                        answer.put("providerTransactionId", transaction);
                    }
                }
                byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode().set("payments", answers));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.createContext("/provider/payments", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                JsonNode request = JSON.readTree(body);
                String callback = request.path("callbackUrl").asText();
                for (JsonNode payment : request.path("payments")) {
                    provider.accept(callback, payment.path("reference").asText(), payment.path("amount").asLong());
                }
                exchange.sendResponseHeaders(202, -1);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return provider;
    }

    /** The base URL to configure as {@code graduasi.assistance.payment.provider-url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/provider";
    }

    /** Every payment reference received, in order (a resend appears twice). */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void accept(String callback, String reference, long amount) {
        received.add(reference);
        String transaction = transactions.computeIfAbsent(reference, r -> "SIM-" + UUID.randomUUID());
        confirmer.schedule(() -> confirm(callback, reference, transaction, amount, 1), 500, TimeUnit.MILLISECONDS);
    }

    private void confirm(String callback, String reference, String transaction, long amount, int attempt) {
        String body = "{\"reference\":\"" + reference + "\",\"providerTransactionId\":\"" + transaction
                + "\",\"status\":\"PAID\",\"amount\":" + amount + "}";
        long timestamp = java.time.Instant.now().getEpochSecond();
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(callback))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("X-Graduasi-Timestamp", Long.toString(timestamp))
                    .header("X-Graduasi-Signature", "sha256=" + signature(timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 500 && attempt < 5) {
                confirmer.schedule(() -> confirm(callback, reference, transaction, amount, attempt + 1), attempt,
                        TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            if (attempt < 5) {
                confirmer.schedule(() -> confirm(callback, reference, transaction, amount, attempt + 1), attempt,
                        TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String signature(long timestamp, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(callbackSecret, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        confirmer.shutdownNow();
    }
}
