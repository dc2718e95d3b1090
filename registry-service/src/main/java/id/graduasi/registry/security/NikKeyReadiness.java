package id.graduasi.registry.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until every NIK key has passed {@link NikKeyCheck}; the problem names the key that did not. */
@Readiness
@ApplicationScoped
public class NikKeyReadiness implements HealthCheck {

    private final NikKeyCheck check;

    public NikKeyReadiness(NikKeyCheck check) {
        this.check = check;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = check.problem();
        return HealthCheckResponse.named("nik-keys").status(check.passed())
                .withData("keys", String.join(",", check.keyIds()))
                .withData("currentKey", check.currentKeyId())
                .withData("problem", problem == null ? "none" : problem)
                .build();
    }
}
