package dev.labbook.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.artifacts.ArtifactStorage.ByteRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract against an in-process S3Proxy, plus S3-only cases. It uses jclouds' "transient"
 * store: S3Proxy 3.0's transient-nio2 and filesystem-nio2 keep a temporary file when an upload
 * breaks off, and every later listing of that directory then fails with HTTP 400.
 */
class S3ArtifactStorageIT extends ArtifactStorageContract {
    private static final String ACCESS_KEY = "labbook-access";
    private static final String SECRET_KEY = "labbook-secret-key";
    private static final String BUCKET = "artifacts";

    private static BlobStoreContext blobStore;
    private static S3Proxy proxy;
    private static S3Settings settings;
    private static S3Client admin;

    private String prefix;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        blobStore = ContextBuilder.newBuilder("transient").credentials("unused", "unused")
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(blobStore.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK always sends x-amz-checksum-crc32 with DeleteObjects; S3Proxy 3.0 rejects it (gaul/s3proxy#962).
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        settings = S3Settings.forEndpoint(URI.create("http://127.0.0.1:" + proxy.getPort()), ACCESS_KEY, SECRET_KEY);
        admin = settings.client();
        admin.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3Proxy() throws Exception {
        admin.close();
        proxy.stop();
        blobStore.close();
    }

    @Override
    protected ArtifactStorage newStorage() {
        prefix = "experiments/" + UUID.randomUUID();
        return new S3ArtifactStorage(settings, BUCKET, prefix);
    }

    @Test
    void staysInsideItsPrefix() throws IOException {
        var neighbour = new S3ArtifactStorage(settings, BUCKET, prefix + "0");
        put(prefix + "0/theirs.txt", "theirs");
        put(prefix + ".txt", "beside the prefix");
        storage.write("ours.txt", new ByteArrayInputStream("ours".getBytes()), 4);

        assertEquals(List.of(file("ours.txt", 4)), storage.list(""));
        storage.delete("");

        assertEquals(List.of(), storage.list(""));
        assertEquals(List.of(file("theirs.txt", 6)), neighbour.list(""));
        assertEquals(17, admin.headObject(b -> b.bucket(BUCKET).key(prefix + ".txt")).contentLength());
    }

    @Test
    void ignoresDirectoryPlaceholderObjects() throws IOException {
        put(prefix + "/dir/", "");
        put(prefix + "/dir/real.txt", "real");

        assertEquals(List.of(directory("dir")), storage.list(""));
        assertEquals(List.of(file("dir/real.txt", 4)), storage.list("dir"));
    }

    @Test
    void deletesMoreThanOneBatch() throws IOException {
        for (int i = 0; i < 1005; i++) {
            put(prefix + "/many/" + i, "");
        }
        put(prefix + "/many.txt", "kept");

        storage.delete("many");

        assertEquals(List.of(file("many.txt", 4)), storage.list(""));
    }

    @Test
    void listsMoreThanOnePage() throws IOException {
        for (int i = 0; i < 1003; i++) {
            put(prefix + "/page/" + String.format("%04d", i), "x");
        }

        var entries = storage.list("page");

        assertEquals(1003, entries.size());
        assertEquals("page/1002", entries.getLast().path());
    }

    @Test
    void aBrokenUploadLeavesNoMultipartUploadBehind() {
        assertThrows(IOException.class,
                () -> storage.write("broken.bin", GeneratedStream.failingAfter(30L << 20, 17L << 20), -1));

        var uploads = admin.listMultipartUploads(b -> b.bucket(BUCKET).prefix(prefix)).uploads();
        assertEquals(List.of(), uploads);
    }

    @Test
    void anUploadShorterThanItsDeclaredSizeIsTheClientsFault() {
        var e = assertThrows(IOException.class,
                () -> storage.write("short.bin", new ByteArrayInputStream(new byte[10]), 100));

        assertFalse(e instanceof StorageUnavailableException, e.toString());
        assertTrue(e.getMessage().contains("10 of its declared 100"), e.getMessage());
        assertThrows(ArtifactStorage.NotFound.class, () -> storage.read("short.bin", ByteRange.ALL));
    }

    @Test
    void aMissingBucketMakesStorageUnavailable() {
        var nowhere = new S3ArtifactStorage(settings, "no-such-bucket", "p");

        var e = assertThrows(StorageUnavailableException.class, () -> nowhere.list(""));
        assertTrue(e.getMessage().contains("NoSuchBucket"), e.getMessage());
        assertThrows(StorageUnavailableException.class, () -> nowhere.read("x", ByteRange.ALL));
    }

    @Test
    void wrongCredentialsMakeStorageUnavailableWithoutLeakingThem() {
        var wrong = S3Settings.forEndpoint(settings.endpoint(), ACCESS_KEY, "not-the-secret");
        var refused = new S3ArtifactStorage(wrong, BUCKET, prefix);

        var e = assertThrows(StorageUnavailableException.class,
                () -> refused.write("x", new ByteArrayInputStream(new byte[] {1}), 1));
        assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
    }

    private static void put(String key, String text) {
        admin.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(text));
    }
}
