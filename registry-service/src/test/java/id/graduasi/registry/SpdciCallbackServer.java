package id.graduasi.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import id.graduasi.testing.EmbeddedKafka;

/** A partner's SPMIS: a real HTTP server that records every callback POSTed to it, or refuses the first few. */
final class SpdciCallbackServer implements AutoCloseable {

    record Received(String path, JsonPath body) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    final int port;

    SpdciCallbackServer() throws Exception {
        port = EmbeddedKafka.freePort();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (refusals.getAndDecrement() > 0) {
                refused.incrementAndGet();
                request.response().setStatusCode(503).end();
                return;
            }
            received.add(new Received(request.path(), JsonPath.from(body.toString())));
            request.response().putHeader("Content-Type", "application/json")
                    .end("{\"message\": {\"ack_status\": \"ACK\", \"timestamp\": \"2026-01-01T00:00:00Z\","
                            + " \"correlation_id\": \"x\"}}");
        })).listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** The next n callbacks get a 503. */
    void refuseNext(int n) {
        refusals.set(n);
    }

    int refused() {
        return refused.get();
    }

    List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close();
    }
}
