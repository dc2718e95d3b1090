package id.graduasi.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * JDBC connections to the database of the {@code @QuarkusTest} application running in this JVM, as the role the
 * application runs as or as the owner it migrates as ({@link GraduasiTestResource}).
 */
public final class TestDatabaseAccess {

    private TestDatabaseAccess() {
    }

    /** As the application: the restricted runtime role ({@code quarkus.datasource.username}). */
    public static Connection runtime() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** As the owner of the tables, who migrates ({@code quarkus.flyway.username}). */
    public static Connection owner() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                ownerName(), config.getOptionalValue("quarkus.flyway.password", String.class).orElse(""));
    }

    public static String ownerName() {
        return ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class);
    }
}
