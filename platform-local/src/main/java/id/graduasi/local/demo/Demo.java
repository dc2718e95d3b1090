package id.graduasi.local.demo;

import java.nio.file.Path;
import java.security.KeyPair;

import id.graduasi.local.LocalTokens;

/**
 * {@code ./graduasi demo [households] [seed]}: the demo scenario against the running local platform
 * (8081–8084), signed with the local token key. Exits 0 when every service agrees on every household.
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int households = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : SEED;
        if (households < 1 || households > 10_000_000) {
            System.err.println("households: 1 to 10,000,000");
            System.exit(2);
        }
        DemoScenario.Report report = scenario(root, households, seed).run();
        System.out.print(report.describe());
        System.exit(report.servicesAgree() ? 0 : 1);
    }

    /** The scenario against the local platform's ports, with tokens from the local key. */
    public static DemoScenario scenario(Path root, int households, long seed) throws java.io.IOException {
        KeyPair keys = LocalTokens.keys(root.resolve(".graduasi"));
        return new DemoScenario(new DemoScenario.Urls("http://127.0.0.1:8081", "http://127.0.0.1:8082",
                "http://127.0.0.1:8083", "http://127.0.0.1:8084"),
                (user, role, regions) -> LocalTokens.token(keys, role, user, regions), root, households, seed,
                root.resolve(".graduasi").resolve("demo"), line -> {
                    System.out.println("[demo] " + line);
                    System.out.flush();
                });
    }

    /** The size and seed of the dataset {@code ./graduasi up} loads. */
    public static final int DATASET = 1000;
    public static final long SEED = 2026;

}
