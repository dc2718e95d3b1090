package id.graduasi.registry;

import org.junit.jupiter.api.Test;

import id.graduasi.testing.AuditRoleChecks;
import id.graduasi.testing.GraduasiTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service runs as a role that can read and append to the audit log but not change, remove, disable or drop
 * it, and can use every other table (issue #15); the rest of the suite shows the service works as that role.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class AuditRoleTest {

    @Test
    void theServiceRunsAsARoleOtherThanTheOwnerThatCanReadAndAppendToTheAuditLog() throws Exception {
        AuditRoleChecks.runtimeRoleIsNotTheOwner();
    }

    @Test
    void theRuntimeRoleCannotUpdateDeleteTruncateDisableOrDropTheAuditLog() throws Exception {
        AuditRoleChecks.runtimeRoleCannotChangeTheAuditLog();
    }

    @Test
    void theRuntimeRoleCanUseEveryOtherTableIncludingOnesLaterMigrationsCreate() throws Exception {
        AuditRoleChecks.runtimeRoleCanUseEveryOtherTable();
    }
}
