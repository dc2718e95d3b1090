package id.graduasi.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which jar the launcher starts: the fast jar by default, the flat-class-path runner jar when asked for. */
class ServiceProcessJarTest {

    @TempDir
    Path target;

    @Test
    void startsTheFastJarUnlessAskedForTheRunnerJar() throws Exception {
        Files.createDirectories(target.resolve("quarkus-app"));
        Path fast = Files.createFile(target.resolve("quarkus-app/quarkus-run.jar"));
        Path runner = Files.createFile(target.resolve("registry-service-0.1.0-SNAPSHOT-runner.jar"));
        Files.createFile(target.resolve("registry-service-0.1.0-SNAPSHOT.jar"));

        assertEquals(fast, ServiceProcess.jar(target, null));
        assertEquals(runner, ServiceProcess.jar(target, "runner"));
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        assertTrue(assertThrows(IllegalStateException.class, () -> ServiceProcess.jar(target, null)).getMessage()
                .contains("./mvnw -DskipTests package"));
        assertTrue(assertThrows(IllegalStateException.class, () -> ServiceProcess.jar(target, "runner"))
                .getMessage().contains("-Dquarkus.package.jar.type=legacy-jar"));
    }
}
