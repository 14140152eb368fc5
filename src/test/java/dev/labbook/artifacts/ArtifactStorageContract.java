package dev.labbook.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.artifacts.ArtifactStorage.ArtifactContent;
import dev.labbook.artifacts.ArtifactStorage.ArtifactEntry;
import dev.labbook.artifacts.ArtifactStorage.ByteRange;
import dev.labbook.artifacts.ArtifactStorage.CompletedPart;
import dev.labbook.artifacts.ArtifactStorage.MultipartUpload;
import dev.labbook.artifacts.ArtifactStorage.PartCredential;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every ArtifactStorage does, written once and run against each backend. */
@Timeout(120)
abstract class ArtifactStorageContract {
    private static final int MIB = 1024 * 1024;

    protected ArtifactStorage storage;

    /** A fresh, empty storage for each test. */
    protected abstract ArtifactStorage newStorage() throws Exception;

    @BeforeEach
    void createStorage() throws Exception {
        storage = newStorage();
    }

    @Test
    void roundTripsEveryByteValue() throws IOException {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        storage.write("bin/all.bytes", new ByteArrayInputStream(bytes), bytes.length);

        ArtifactContent content = storage.read("bin/all.bytes", ByteRange.ALL);
        assertArrayEquals(bytes, readAll(content));
        assertEquals(0, content.start());
        assertEquals(256, content.length());
        assertEquals(256, content.totalSize());
    }

    @Test
    void storesEmptyFilesOfKnownAndUnknownSize() throws IOException {
        storage.write("empty-known", InputStream.nullInputStream(), 0);
        storage.write("empty-unknown", InputStream.nullInputStream(), -1);

        for (String path : List.of("empty-known", "empty-unknown")) {
            ArtifactContent content = storage.read(path, ByteRange.ALL);
            assertEquals(0, readAll(content).length, path);
            assertEquals(0, content.totalSize(), path);
        }
        assertEquals(List.of(file("empty-known", 0), file("empty-unknown", 0)), storage.list(""));
    }

    @Test
    void writeReplacesExistingContent() throws IOException {
        write("model.txt", "first version");
        write("model.txt", "second");

        assertEquals("second", readString("model.txt", ByteRange.ALL));
        assertEquals(List.of(file("model.txt", 6)), storage.list(""));
    }

    @Test
    void readsAClosedRange() throws IOException {
        write("digits", "0123456789");

        ArtifactContent content = storage.read("digits", new ByteRange(2, 5L));
        assertEquals("2345", new String(readAll(content), UTF_8));
        assertEquals(2, content.start());
        assertEquals(4, content.length());
        assertEquals(10, content.totalSize());
    }

    @Test
    void readsAnOpenEndedRange() throws IOException {
        write("digits", "0123456789");

        ArtifactContent content = storage.read("digits", new ByteRange(7, null));
        assertEquals("789", new String(readAll(content), UTF_8));
        assertEquals(7, content.start());
        assertEquals(3, content.length());
        assertEquals(10, content.totalSize());
    }

    @Test
    void clampsRangesToTheObject() throws IOException {
        write("digits", "0123456789");

        assertEquals("89", readString("digits", new ByteRange(8, 100L)));
        ArtifactContent beyond = storage.read("digits", new ByteRange(20, null));
        assertEquals(0, readAll(beyond).length);
        assertEquals(0, beyond.length());
        assertEquals(10, beyond.totalSize());
    }

    @Test
    void listsOneLevelWithSizes() throws IOException {
        write("a.txt", "abc");
        write("dir/b.txt", "bbbbb");
        write("dir/sub/c.txt", "c");
        write("dir/sub/deeper/d.txt", "dd");

        assertEquals(List.of(file("a.txt", 3), directory("dir")), storage.list(""));
        assertEquals(List.of(file("dir/b.txt", 5), directory("dir/sub")), storage.list("dir"));
        assertEquals(List.of(file("dir/sub/c.txt", 1), directory("dir/sub/deeper")), storage.list("dir/sub"));
    }

    @Test
    void listsInPathOrder() throws IOException {
        for (String name : List.of("zeta", "alpha", "mid/x", "beta")) {
            write(name, name);
        }

        List<String> paths = storage.list("").stream().map(ArtifactEntry::path).toList();
        assertEquals(List.of("alpha", "beta", "mid", "zeta"), paths);
    }

    @Test
    void listOfAMissingDirectoryOrAFileIsEmpty() throws IOException {
        write("only.txt", "x");

        assertEquals(List.of(), storage.list("missing"));
        assertEquals(List.of(), storage.list("missing/deeper"));
        assertEquals(List.of(), storage.list("only.txt"));
    }

    @Test
    void readOfAMissingPathIsNotFoundAndOfADirectoryIsDirectory() throws IOException {
        write("dir/file", "x");

        assertThrows(ArtifactStorage.NotFound.class, () -> storage.read("missing", ByteRange.ALL));
        assertThrows(ArtifactStorage.NotFound.class, () -> storage.read("missing", new ByteRange(1, 2L)));
        assertThrows(ArtifactStorage.IsDirectory.class, () -> storage.read("dir", ByteRange.ALL));
    }

    @Test
    void deletesOneFile() throws IOException {
        write("keep.txt", "k");
        write("drop.txt", "d");

        storage.delete("drop.txt");

        assertThrows(ArtifactStorage.NotFound.class, () -> storage.read("drop.txt", ByteRange.ALL));
        assertEquals(List.of(file("keep.txt", 1)), storage.list(""));
    }

    @Test
    void deletesADirectoryButNotSiblingsSharingItsName() throws IOException {
        write("d/x", "1");
        write("d/e/y", "2");
        write("dz", "3");
        write("d.txt", "4");

        storage.delete("d");

        assertThrows(ArtifactStorage.NotFound.class, () -> storage.read("d/e/y", ByteRange.ALL));
        assertEquals(List.of(file("d.txt", 1), file("dz", 1)), storage.list(""));
    }

    @Test
    void deleteOfAMissingPathDoesNothing() throws IOException {
        write("kept", "k");

        storage.delete("missing");
        storage.delete("missing/dir");

        assertEquals(List.of(file("kept", 1)), storage.list(""));
    }

    @Test
    void streamsAnUploadOfUnknownSizeLargerThanOnePart() throws IOException {
        long size = 20L * MIB + 123;

        storage.write("big/blob.bin", GeneratedStream.of(size), -1);

        ArtifactContent content = storage.read("big/blob.bin", ByteRange.ALL);
        try (InputStream in = content.stream()) {
            assertEquals(GeneratedStream.sha256(GeneratedStream.of(size)), GeneratedStream.sha256(in));
        }
        assertEquals(size, content.totalSize());
        assertEquals(List.of(file("big/blob.bin", size)), storage.list("big"));
    }

    @Test
    void anUploadOfUnknownSizeThatBreaksOffLeavesNothing() throws IOException {
        GeneratedStream broken = GeneratedStream.failingAfter(30L * MIB, 10L * MIB);

        IOException thrown = assertThrows(IOException.class, () -> storage.write("up/broken.bin", broken, -1));

        assertSame(GeneratedStream.Broken.class, thrown.getClass(), "the client's failure is reported as such");
        assertNothingAt("up/broken.bin");
    }

    @Test
    void anUploadOfKnownSizeThatBreaksOffLeavesNothing() throws IOException {
        GeneratedStream broken = GeneratedStream.failingAfter(4L * MIB, MIB);

        IOException thrown = assertThrows(IOException.class, () -> storage.write("up/broken.bin", broken, 4L * MIB));

        assertSame(GeneratedStream.Broken.class, thrown.getClass(), "the client's failure is reported as such");
        assertNothingAt("up/broken.bin");
    }

    @Test
    void aBrokenOverwriteKeepsThePreviousContent() throws IOException {
        write("model.txt", "good");

        assertThrows(IOException.class,
                () -> storage.write("model.txt", GeneratedStream.failingAfter(20L * MIB, 9L * MIB), -1));

        assertEquals("good", readString("model.txt", ByteRange.ALL));
    }

    @Test
    void anUnfinishedUploadIsInvisible() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long size = 10L * MIB;
        InputStream paused = new java.io.SequenceInputStream(GeneratedStream.slice(0, 9L * MIB), new InputStream() {
            private final InputStream rest = GeneratedStream.slice(9L * MIB, MIB);

            @Override
            public int read() throws IOException {
                return read(new byte[1], 0, 1) < 0 ? -1 : 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return rest.read(b, off, len);
            }
        });
        CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
            try {
                storage.write("slow/upload.bin", paused, -1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertTrue(reached.await(60, TimeUnit.SECONDS), "upload started");
        assertNothingAt("slow/upload.bin");
        release.countDown();
        upload.get(60, TimeUnit.SECONDS);

        try (InputStream in = storage.read("slow/upload.bin", ByteRange.ALL).stream()) {
            assertEquals(GeneratedStream.sha256(GeneratedStream.of(size)), GeneratedStream.sha256(in));
        }
    }

    @Test
    void completesAMultipartUploadThroughPartUrls() throws Exception {
        if (!storage.supportsMultipartUpload()) {
            assertThrows(UnsupportedOperationException.class, () -> storage.createMultipartUpload("x", 2));
            return;
        }
        long firstPart = 5L * MIB;
        long secondPart = 1000;

        MultipartUpload upload = storage.createMultipartUpload("mp/model.bin", 2);
        assertEquals(List.of(1, 2), upload.credentials().stream().map(PartCredential::partNumber).toList());
        List<CompletedPart> parts = new ArrayList<>();
        parts.add(new CompletedPart(2, putPart(upload.credentials().get(1), firstPart, secondPart)));
        parts.add(new CompletedPart(1, putPart(upload.credentials().get(0), 0, firstPart)));
        assertNothingAt("mp/model.bin");
        storage.completeMultipartUpload("mp/model.bin", upload.uploadId(), parts);

        try (InputStream in = storage.read("mp/model.bin", ByteRange.ALL).stream()) {
            assertEquals(GeneratedStream.sha256(GeneratedStream.of(firstPart + secondPart)), GeneratedStream.sha256(in));
        }
    }

    @Test
    void anAbortedMultipartUploadLeavesNothing() throws Exception {
        if (!storage.supportsMultipartUpload()) {
            assertThrows(UnsupportedOperationException.class, () -> storage.abortMultipartUpload("x", "id"));
            return;
        }
        MultipartUpload upload = storage.createMultipartUpload("mp/aborted.bin", 2);
        putPart(upload.credentials().getFirst(), 0, 5L * MIB);

        storage.abortMultipartUpload("mp/aborted.bin", upload.uploadId());

        assertNothingAt("mp/aborted.bin");
        assertThrows(IOException.class, () -> storage.completeMultipartUpload(
                "mp/aborted.bin", upload.uploadId(), List.of(new CompletedPart(1, "\"etag\""))));
        assertNothingAt("mp/aborted.bin");
    }

    /** PUTs a slice of the generated bytes to a part URL, as a client would, and returns the ETag. */
    private static String putPart(PartCredential credential, long from, long length) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(credential.url()))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> GeneratedStream.slice(from, length)), length));
        credential.headers().forEach(request::header);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.headers().firstValue("ETag").orElseThrow();
        }
    }

    /** Nothing at path, and nothing (no part file either) in its directory, which tests keep for it alone. */
    private void assertNothingAt(String path) throws IOException {
        assertThrows(ArtifactStorage.NotFound.class, () -> storage.read(path, ByteRange.ALL));
        assertEquals(List.of(), storage.list(path.substring(0, path.lastIndexOf('/'))));
    }

    private void write(String path, String text) throws IOException {
        byte[] bytes = text.getBytes(UTF_8);
        storage.write(path, new ByteArrayInputStream(bytes), bytes.length);
    }

    private String readString(String path, ByteRange range) throws IOException {
        return new String(readAll(storage.read(path, range)), UTF_8);
    }

    private static byte[] readAll(ArtifactContent content) throws IOException {
        try (InputStream in = content.stream()) {
            return in.readAllBytes();
        }
    }

    static ArtifactEntry file(String path, long size) {
        return new ArtifactEntry(path, false, size);
    }

    static ArtifactEntry directory(String path) {
        return new ArtifactEntry(path, true, null);
    }
}
