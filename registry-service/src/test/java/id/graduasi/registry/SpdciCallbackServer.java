package id.graduasi.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** A partner's SPMIS: a real HTTP server that records every callback POSTed to it, or refuses the first few. */
final class SpdciCallbackServer implements AutoCloseable {

    /** @param raw the body as sent, e.g. to check its signature */
    record Received(String path, JsonPath body, String raw) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    final int port;
    /**
     * This server's own base path: ports are reused from the registered few, and callbacks queued for an earlier
     * server (or subscriptions it left active) must not reach this one.
     */
    private final String base = "/partner-" + java.util.UUID.randomUUID();

    /** Listens on the first free port of those registered as partners' callback URIs (SpdciPartnersTestResource). */
    SpdciCallbackServer() throws Exception {
        String ports = System.getProperty(SpdciPartnersTestResource.PORTS);
        if (ports == null) {
            throw new IllegalStateException("SpdciPartnersTestResource has not chosen the callback ports");
        }
        HttpServer bound = null;
        int chosen = -1;
        for (String candidate : ports.split(",")) {
            try {
                bound = listen(Integer.parseInt(candidate));
                chosen = Integer.parseInt(candidate);
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                // in use by another callback server of this test: the next one
            }
        }
        if (bound == null) {
            throw new IllegalStateException("every registered callback port is in use: " + ports);
        }
        server = bound;
        port = chosen;
    }

    private HttpServer listen(int port) throws Exception {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (refusals.getAndDecrement() > 0) {
                refused.incrementAndGet();
                request.response().setStatusCode(503).end();
                return;
            }
            if (!request.path().startsWith(base + "/")) {
                request.response().setStatusCode(404).end();
                return;
            }
            received.add(new Received(request.path().substring(base.length()), JsonPath.from(body.toString()),
                    body.toString()));
            request.response().putHeader("Content-Type", "application/json")
                    .end("{\"message\": {\"ack_status\": \"ACK\", \"timestamp\": \"2026-01-01T00:00:00Z\","
                            + " \"correlation_id\": \"x\"}}");
        })).listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String uri() {
        return "http://127.0.0.1:" + port + base;
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
