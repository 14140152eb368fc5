package dev.labbook.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternsTest {
    @ParameterizedTest
    @CsvSource({
            "localhost, true", "localhost:1, true", "[::1], true", "[::1]:5000, true", "0.0.0.0:5000, true",
            "10.1.2.3, true", "10.1.2.3:99, true", "10abc.example, false", "10.abc.example, false",
            "192.168.0.1:80, true", "192.169.0.1, false", "172.16.0.1, true", "172.31.0.1, true",
            "172.32.0.1, false", "fc00::1, true", "fd00::abcd, true", "fc00::1%evil.example, false",
            "fd00:evil.example, false", "LOCALHOST, false", "010.1.2.3, false", "10.1.2.300, false",
            "'', false"})
    void defaultsAreLocalhostAndPrivateAddresses(String host, boolean allowed) {
        assertEquals(allowed, HostPatterns.hostAllowed(HostPatterns.defaults(), host), host);
    }

    @ParameterizedTest
    @CsvSource({
            "app-*.internal.example, app-1.internal.example, true", "app-*.internal.example, db.internal.example, false",
            "192.168.*:5000, 192.168.4.4:5000, true", "192.168.*:5000, 192.168.x:5000, false",
            "db:*, db:5000, true", "host?.*, host1.example, true", "host[0-9].*, host7.example, true",
            "host[!0-9].*, host7.example, false",
            // As MLflow: without a '*' a pattern is compared literally, so '?' and '[...]' alone match themselves.
            "host?, host1, false", "host?, host?, true",
            "mlflow.example.com, mlflow.example.com, true", "mlflow.example.com, mlflow.example.com:443, false"})
    void configuredPatternsUseShellWildcards(String pattern, String host, boolean allowed) {
        assertEquals(allowed, HostPatterns.hostAllowed(List.of(pattern), host), pattern + " / " + host);
    }
}
