package id.graduasi.local.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small JSON-over-HTTP client for the scenario: every call carries a bearer token. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    record Response(int status, JsonNode body, String raw) {

        Response expect(int... statuses) {
            for (int s : statuses) {
                if (status == s) {
                    return this;
                }
            }
            throw new IllegalStateException("HTTP " + status + ": " + raw);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Response get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    Response post(String url, String token, Object body) {
        return post(url, token, body, null);
    }

    Response post(String url, String token, Object body, String idempotencyKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return send(request, token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Response upload(String url, String token, Path file) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)), token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response send(HttpRequest.Builder request, String token) {
        request.timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + token);
        for (int attempt = 1;; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String raw = response.body();
                JsonNode body = raw == null || raw.isBlank() || !raw.startsWith("{") && !raw.startsWith("[")
                        ? JSON.nullNode() : JSON.readTree(raw);
                return new Response(response.statusCode(), body, raw);
            } catch (IOException e) {
                // A connection reset under load: the calls here are safe to repeat (ids are fixed by the scenario).
                if (attempt == 3) {
                    throw new IllegalStateException(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Applies {@code call} to every item with {@code threads} calls in flight; results in the items' order. */
    static <T, R> List<R> parallel(List<T> items, int threads, Function<T, R> call) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> call.apply(item)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
