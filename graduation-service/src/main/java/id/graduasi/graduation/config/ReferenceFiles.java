package id.graduasi.graduation.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Data files named in configuration: a path, or {@code classpath:} for the ones the service ships. */
public final class ReferenceFiles {

    private ReferenceFiles() {
    }

    public static BufferedReader open(String file) throws IOException {
        InputStream in = file.startsWith("classpath:")
                ? ReferenceFiles.class.getClassLoader().getResourceAsStream(file.substring("classpath:".length()))
                : Files.newInputStream(Path.of(file));
        if (in == null) {
            throw new IOException(file + " not found");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    public static String read(String file) throws IOException {
        try (BufferedReader reader = open(file)) {
            return reader.lines().collect(java.util.stream.Collectors.joining("\n"));
        }
    }
}
