package dev.labbook.artifacts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.labbook.artifacts.ArtifactStorage.ByteRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** S3 that cannot be reached or refuses to serve must surface as StorageUnavailableException, quickly. */
class S3UnavailableTest {
    private static final String SECRET = "very-secret-key";

    @Test
    @Timeout(20)
    void aClosedPortFailsFastAsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var storage = storageAt(URI.create("http://127.0.0.1:" + port));

        long started = System.nanoTime();
        List<Executable> operations = List.of(
                () -> storage.read("a.txt", ByteRange.ALL),
                () -> storage.write("a.txt", new ByteArrayInputStream(new byte[] {1}), 1),
                () -> storage.write("a.txt", new ByteArrayInputStream(new byte[] {1}), -1),
                () -> storage.list(""),
                () -> storage.delete("a"),
                () -> storage.createMultipartUpload("a.txt", 1));
        for (Executable operation : operations) {
            var e = assertThrows(StorageUnavailableException.class, operation);
            assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @ParameterizedTest
    @CsvSource({"500, InternalError", "503, SlowDown", "403, AccessDenied", "403, InvalidAccessKeyId"})
    void serverErrorsThrottlingAndRefusedCredentialsAreUnavailable(int status, String code) throws IOException {
        var e = listAgainstServerAnswering(status, code);
        assertInstanceOf(StorageUnavailableException.class, e);
        assertTrue(e.getMessage().contains(code) && e.getMessage().contains("HTTP " + status), e.getMessage());
    }

    @Test
    void aRejectedRequestIsAnOrdinaryFailure() throws IOException {
        var e = listAgainstServerAnswering(400, "InvalidArgument");
        assertFalse(e instanceof StorageUnavailableException, e.toString());
        assertTrue(e.getMessage().contains("InvalidArgument"), e.getMessage());
    }

    private static IOException listAgainstServerAnswering(int status, String code) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                    + "</Code><Message>test</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var storage = storageAt(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            return assertThrows(IOException.class, () -> storage.list("dir"));
        } finally {
            server.stop(0);
        }
    }

    private static S3ArtifactStorage storageAt(URI endpoint) {
        var settings = S3Settings.forEndpoint(endpoint, "access", SECRET)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), 1);
        return new S3ArtifactStorage(settings, "bucket", "prefix");
    }
}
