package id.graduasi.registry.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

/**
 * The official region codes (Kemendagri) from the bundled reference data, loaded once at startup (not on the
 * event loop): about 84,000 villages with their districts, regencies and provinces.
 */
@Startup
@Singleton
public class RegionDirectory {

    private final Map<String, String> provinces;
    private final Map<String, String> regencies;
    private final Map<String, String> districts;
    private final Map<String, String> villages;

    public RegionDirectory() {
        provinces = load("provinces.csv");
        regencies = load("regencies.csv");
        districts = load("districts.csv");
        villages = load("villages.csv");
    }

    public boolean isVillage(String code) {
        return code != null && villages.containsKey(code);
    }

    public boolean isProvince(String code) {
        return code != null && provinces.containsKey(code);
    }

    /** A prefix at any level: province {@code 64}, regency {@code 64.72}, district {@code 64.72.01} or village. */
    public boolean isRegion(String code) {
        return code != null && (provinces.containsKey(code) || regencies.containsKey(code)
                || districts.containsKey(code) || villages.containsKey(code));
    }

    public Optional<String> villageName(String code) {
        return Optional.ofNullable(villages.get(code));
    }

    private static Map<String, String> load(String file) {
        String resource = "reference/wilayah/" + file;
        try (InputStream in = RegionDirectory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            Map<String, String> names = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (header == null || !header.startsWith("code,")) {
                throw new IllegalStateException(resource + " does not start with a code column");
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                int first = line.indexOf(',');
                int last = line.lastIndexOf(',');
                // code,name or code,parent_code,name; names with commas are quoted.
                String name = line.substring(last + 1).replace("\"", "");
                if (line.indexOf('"') >= 0) {
                    int quote = line.indexOf('"');
                    name = line.substring(quote + 1, line.lastIndexOf('"'));
                }
                names.put(line.substring(0, first), name);
            }
            return Map.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
