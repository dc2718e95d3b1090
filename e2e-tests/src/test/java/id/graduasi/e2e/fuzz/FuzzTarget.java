package id.graduasi.e2e.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends fuzz requests to one running service and judges each answer: never a 5xx, never no answer, and every
 * 4xx an {@code application/problem+json} body with its title, its status and a detail. Keeps the figures of the
 * run (and the service's resident memory, read from /proc) for the report.
 */
public final class FuzzTarget {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Failures kept in full for the report; the rest are counted. */
    private static final int KEPT = 25;

    private final String name;
    private final String baseUrl;
    private final long pid;
    /** Requests in flight at once: the services answer on several event loops, the generator runs meanwhile. */
    private static final int CONCURRENCY = Integer.getInteger("graduasi.fuzz.concurrency", 3);
    private final java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(
            CONCURRENCY, r -> {
                Thread t = new Thread(r, "fuzz-sender");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(CONCURRENCY);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private int requests;
    private int unsendable;
    private int serverErrors;
    private int nonProblem4xx;
    private int noAnswer;
    private long maxRssKb;
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    public FuzzTarget(String name, String baseUrl, long pid) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.pid = pid;
    }

    public String openApi() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + ": /q/openapi answered " + response.statusCode());
        }
        return response.body();
    }

    /** Sends in the background (at most CONCURRENCY at once); {@link #awaitIdle} waits for the last answers. */
    public void send(HostileRequests.FuzzRequest request) {
        inFlight.acquireUninterruptibly();
        senders.execute(() -> {
            try {
                exchange(request);
            } finally {
                inFlight.release();
            }
        });
    }

    public void awaitIdle() {
        inFlight.acquireUninterruptibly(CONCURRENCY);
        inFlight.release(CONCURRENCY);
    }

    private void exchange(HostileRequests.FuzzRequest request) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(baseUrl + request.target())).timeout(Duration.ofSeconds(60));
            for (Map.Entry<String, String> h : request.headers()) {
                builder.header(h.getKey(), h.getValue());
            }
            builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } catch (IllegalArgumentException e) {
            // java.net.http refuses to send it (e.g. an illegal URI): nothing the service could be judged on.
            synchronized (this) {
                unsendable++;
            }
            return;
        }
        synchronized (this) {
            requests++;
        }
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), info -> info.headers()
                    .firstValue("Content-Type").orElse("").startsWith("text/event-stream") ? new HungUp()
                    : HttpResponse.BodySubscribers.ofByteArray());
            judge(request, response);
        } catch (IOException e) {
            synchronized (this) {
                noAnswer++;
                fail(request, "no answer: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            if (requests % 25 == 0) {
                maxRssKb = Math.max(maxRssKb, rssKb("VmRSS"));
            }
        }
    }

    /**
     * An event stream answered (the dashboard's live feed) does not end: it is judged on its status and headers,
     * and the client hangs up.
     */
    private static final class HungUp implements HttpResponse.BodySubscriber<byte[]> {
        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return java.util.concurrent.CompletableFuture.completedFuture(new byte[0]);
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    private synchronized void judge(HostileRequests.FuzzRequest request, HttpResponse<byte[]> response) {
        statuses.merge(response.statusCode(), 1, Integer::sum);
        int status = response.statusCode();
        if (status >= 500) {
            serverErrors++;
            fail(request, status + " " + new String(response.body(), 0, Math.min(300, response.body().length),
                    java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        if (status < 400) {
            return;
        }
        String problem = request.target().startsWith("/registry/") ? dciDefect(status, response)
                : problemDefect(status, response);
        if (problem != null) {
            nonProblem4xx++;
            fail(request, status + " " + problem);
        }
    }

    /**
     * The SPDCI endpoints (/registry/...) speak the DCI standard: a refusal there is either problem details (bad
     * input caught before the DCI layer) or the standard's own error, {"errors":[{"code","message"}]} or an ack
     * with ack_status ERR and an error code. Either names the problem.
     */
    static String dciDefect(int status, HttpResponse<byte[]> response) {
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return problemDefect(status, response);
        }
        try {
            JsonNode body = MAPPER.readTree(response.body());
            if (body != null && (!body.path("errors").path(0).path("code").asText("").isBlank()
                    || !body.path("message").path("error").path("code").asText("").isBlank())) {
                return null;
            }
        } catch (IOException e) {
            // falls through
        }
        return "neither problem+json nor a DCI error (" + response.headers().firstValue("Content-Type").orElse("")
                + ", " + response.body().length + " bytes)";
    }

    /** What is wrong with a 4xx answer as RFC 9457 problem details; null if nothing. */
    static String problemDefect(int status, HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "Content-Type '" + type + "', not application/problem+json (body of " + response.body().length
                    + " bytes)";
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(response.body());
        } catch (IOException e) {
            return "body is not JSON";
        }
        if (body == null || !body.path("title").isTextual() || body.path("title").asText().isBlank()) {
            return "no title";
        }
        if (body.path("status").asInt() != status) {
            return "status " + body.path("status") + " in the body";
        }
        if (!body.path("detail").isTextual() || body.path("detail").asText().isBlank()) {
            return "no detail";
        }
        for (JsonNode error : body.path("errors")) {
            if (error.path("field").asText("").isBlank() || error.path("message").asText("").isBlank()) {
                return "an error that names no field: " + error;
            }
        }
        return null;
    }

    private void fail(HostileRequests.FuzzRequest request, String what) {
        if (failures.size() < KEPT) {
            failures.add(what + "\n      <- " + request.describe());
        }
    }

    /** A field of /proc/PID/status in kB (VmRSS: now; VmHWM: the peak since the process started). */
    public long rssKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone: no figure
        }
        return -1;
    }

    public synchronized int requests() {
        return requests;
    }

    public synchronized int defects() {
        return serverErrors + nonProblem4xx + noAnswer;
    }

    public synchronized String report() {
        maxRssKb = Math.max(maxRssKb, rssKb("VmRSS"));
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-20s requests %6d (unsendable skipped %d)  5xx %d  non-problem 4xx %d  no answer %d"
                + "  RSS max sampled %d MB, peak (VmHWM) %d MB%n", name, requests, unsendable, serverErrors,
                nonProblem4xx, noAnswer, maxRssKb / 1024, rssKb("VmHWM") / 1024));
        s.append("    statuses ").append(statuses).append('\n');
        failures.forEach(f -> s.append("    ").append(f).append('\n'));
        return s.toString();
    }
}
