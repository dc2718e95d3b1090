package id.graduasi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    /**
     * The in-JVM broker shares the test JVM with the Quarkus application: its server jars must be the very
     * version of the kafka-clients the Quarkus BOM pins, or class clashes follow. A Quarkus upgrade that moves
     * kafka-clients fails here first, naming the property to change.
     */
    @Test
    void theBrokerVersionEqualsTheKafkaClientsVersionOfTheQuarkusBom() {
        assertEquals(AppInfoParser.getVersion(), System.getProperty("graduasi.kafka.version"),
                "set <kafka.version> in the root pom.xml to the kafka-clients version of the Quarkus BOM");
    }
}
