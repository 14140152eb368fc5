package dev.labbook.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactStoragesTest {
    @TempDir
    Path temp;

    @Test
    void aPlainPathIsALocalFolder() throws IOException {
        writeHello(ArtifactStorages.forUri(temp.resolve("plain").toString()));

        assertEquals("hello", Files.readString(temp.resolve("plain/a/hello.txt")));
    }

    @Test
    void aFileUriIsALocalFolder() throws IOException {
        writeHello(ArtifactStorages.forUri(temp.resolve("by-uri").toUri().toString()));

        assertEquals("hello", Files.readString(temp.resolve("by-uri/a/hello.txt")));
    }

    @Test
    void anS3UriIsABucketPrefix() throws IOException {
        var storage = ArtifactStorages.forUri("s3://my-bucket/mlruns/1/");

        assertInstanceOf(S3ArtifactStorage.class, storage);
        assertEquals("s3://my-bucket/mlruns/1", storage.toString());
    }

    @Test
    void anS3UriMayNameTheWholeBucket() throws IOException {
        assertEquals("s3://my-bucket", ArtifactStorages.forUri("s3://my-bucket").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gs://bucket/x", "mlflow-artifacts:/x", "s3:///no-bucket", "s3://b/x?versionId=1", "file://host/x"})
    void otherUrisAreRefusedClearly(String uri) {
        var e = assertThrows(IllegalArgumentException.class, () -> ArtifactStorages.forUri(uri));
        assertTrue(e.getMessage().contains(uri), e.getMessage());
    }

    private static void writeHello(ArtifactStorage storage) throws IOException {
        assertInstanceOf(LocalArtifactStorage.class, storage);
        storage.write("a/hello.txt", new ByteArrayInputStream("hello".getBytes(UTF_8)), 5);
    }
}
