package id.graduasi.assistance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import id.graduasi.testing.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A payment provider as a real HTTP endpoint: it records every instruction it receives and accepts them, except
 * that it can be told to refuse the next requests (503), as a provider that is down would. Asked about references
 * ({@code /payments/status}), it answers what a test put in {@link #STATUS}, else PENDING for a reference it
 * received and UNKNOWN for one it never did.
 */
public class SimulatedPaymentProvider implements QuarkusTestResourceLifecycleManager {

    /** Every payment instruction received, accepted or not, in order. */
    static final List<JsonObject> RECEIVED = new CopyOnWriteArrayList<>();
    static final AtomicInteger REFUSE_NEXT = new AtomicInteger();
    /** Requests to accept (202) and then lose, as an instruction lost inside the provider would be. */
    static final AtomicInteger LOSE_NEXT = new AtomicInteger();
    /** What the provider answers about a reference: {status, providerTransactionId, reasonCode}. */
    static final Map<String, JsonObject> STATUS = new java.util.concurrent.ConcurrentHashMap<>();

    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port;
        try {
            port = EmbeddedKafka.freePort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if ("/provider/payments/status".equals(request.path())) {
                io.vertx.core.json.JsonArray answers = new io.vertx.core.json.JsonArray();
                body.toJsonObject().getJsonArray("references").forEach(r -> {
                    JsonObject known = STATUS.get((String) r);
                    boolean received = RECEIVED.stream().anyMatch(p -> r.equals(p.getString("reference")));
                    answers.add(known != null ? known.copy().put("reference", r)
                            : new JsonObject().put("reference", r).put("status", received ? "PENDING" : "UNKNOWN"));
                });
                request.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("payments", answers).encode());
                return;
            }
            if (!"/provider/payments".equals(request.path())) {
                request.response().setStatusCode(404).end();
                return;
            }
            if (LOSE_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                request.response().setStatusCode(202).end();
                return;
            }
            body.toJsonObject().getJsonArray("payments").forEach(p -> RECEIVED.add((JsonObject) p));
            boolean refuse = REFUSE_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            request.response().setStatusCode(refuse ? 503 : 202).end();
        }));
        try {
            server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("simulated payment provider did not start", e);
        }
        return Map.of("graduasi.assistance.payment.provider-url", "http://127.0.0.1:" + port + "/provider");
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
