package id.graduasi.assistance.payment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The payment provider over HTTP: {@code POST {provider-url}/payments} with
 * {@code {callbackUrl, payments: [{reference, householdId, amount, programme, year, tranche}]}}, answered 2xx
 * once accepted. Confirmations come back to {@code callbackUrl} (see {@code PaymentConfirmationResource}); a
 * confirmation that never came is asked for with {@code POST {provider-url}/payments/status} and
 * {@code {references: [...]}}, answered {@code {payments: [{reference, status, providerTransactionId,
 * reasonCode}]}} with status PAID, FAILED, PENDING or UNKNOWN.
 */
@ApplicationScoped
public class HttpPaymentProvider implements PaymentProvider {

    private final WebClient client;
    private final String providerUrl;
    private final String callbackUrl;
    private final Duration timeout;

    public HttpPaymentProvider(Vertx vertx,
            @ConfigProperty(name = "graduasi.assistance.payment.provider-url") String providerUrl,
            @ConfigProperty(name = "graduasi.assistance.payment.callback-url") String callbackUrl,
            @ConfigProperty(name = "graduasi.assistance.payment.timeout", defaultValue = "PT10S") Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeout.toMillis())
                .setFollowRedirects(false).setUserAgent("graduasi-assistance"));
        this.providerUrl = providerUrl.endsWith("/") ? providerUrl.substring(0, providerUrl.length() - 1) : providerUrl;
        this.callbackUrl = callbackUrl;
        this.timeout = timeout;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Override
    public Uni<Void> send(List<Instruction> instructions) {
        JsonObject body = new JsonObject(Map.of("callbackUrl", callbackUrl, "payments", instructions.stream()
                .map(i -> Map.of("reference", i.reference(), "householdId", i.householdId().toString(),
                        "amount", i.amount(), "programme", i.programme(), "year", i.year(), "tranche", i.tranche()))
                .toList()));
        return client.postAbs(providerUrl + "/payments").timeout(timeout.toMillis()).sendJsonObject(body)
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("payment provider answered " + response.statusCode());
                    }
                    return null;
                });
    }

    @Override
    public Uni<List<ReferenceStatus>> status(List<String> references) {
        JsonObject body = new JsonObject(Map.of("references", references));
        return client.postAbs(providerUrl + "/payments/status").timeout(timeout.toMillis()).sendJsonObject(body)
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("payment provider answered " + response.statusCode());
                    }
                    return response.bodyAsJsonObject().getJsonArray("payments").stream()
                            .map(JsonObject.class::cast)
                            .map(p -> new ReferenceStatus(p.getString("reference"), State.valueOf(p.getString("status")),
                                    p.getString("providerTransactionId"), p.getString("reasonCode")))
                            .toList();
                });
    }
}
