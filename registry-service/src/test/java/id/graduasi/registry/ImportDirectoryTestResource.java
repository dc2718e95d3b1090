package id.graduasi.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An import directory of this test run's own (not the machine's shared temp folder), holding before the
 * application starts what a crash leaves behind: an old upload whose job is gone, an old interrupted upload, and a
 * fresh upload in progress (as another replica's).
 */
public class ImportDirectoryTestResource implements QuarkusTestResourceLifecycleManager {

    static final String DIRECTORY = "graduasi.test.import-directory";
    static final String OLD_ORPHAN = "0000000000000000000000000000000000000000000000000000000000000000.csv";
    static final String OLD_PART = "upload-1.part";
    static final String FRESH_PART = "upload-2.part";

    @Override
    public Map<String, String> start() {
        String directory = System.getProperty(DIRECTORY);
        if (directory == null) {
            try {
                Path dir = Files.createTempDirectory("graduasi-imports-test-");
                FileTime dayAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS));
                Files.setLastModifiedTime(Files.writeString(dir.resolve(OLD_ORPHAN),
                        "kk_number,nik,name\n6472010101010001,6472014101900001,Siti\n"), dayAgo);
                Files.setLastModifiedTime(Files.writeString(dir.resolve(OLD_PART), "kk_number,nik"), dayAgo);
                Files.writeString(dir.resolve(FRESH_PART), "kk_number,nik");
                directory = dir.toString();
                System.setProperty(DIRECTORY, directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.of("graduasi.registry.import.directory", directory);
    }

    @Override
    public void stop() {
    }
}
