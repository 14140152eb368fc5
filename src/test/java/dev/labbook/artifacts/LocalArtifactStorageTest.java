package dev.labbook.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labbook.artifacts.ArtifactStorage.ByteRange;
import dev.labbook.artifacts.LocalArtifactStorage.SymbolicLinkRefused;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStorageTest extends ArtifactStorageContract {
    @TempDir
    Path temp;

    private Path root;

    @Override
    protected ArtifactStorage newStorage() throws IOException {
        root = temp.resolve("root");
        return new LocalArtifactStorage(root);
    }

    @Test
    void refusesADirectoryLinkLeadingOutsideTheRoot() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);

        assertThrows(SymbolicLinkRefused.class, () -> storage.read("link/secret.txt", ByteRange.ALL));
        assertThrows(SymbolicLinkRefused.class, () -> storage.list("link"));
        assertThrows(SymbolicLinkRefused.class,
                () -> storage.write("link/planted.txt", new ByteArrayInputStream(new byte[] {1}), 1));
        assertThrows(SymbolicLinkRefused.class, () -> storage.delete("link/secret.txt"));
        assertThrows(SymbolicLinkRefused.class, () -> storage.delete("link"));

        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
        assertFalse(Files.exists(outside.resolve("planted.txt")));
    }

    @Test
    void refusesAFileLinkLeadingOutsideTheRoot() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("file-link"), secret);

        assertThrows(SymbolicLinkRefused.class, () -> storage.read("file-link", ByteRange.ALL));
        assertThrows(SymbolicLinkRefused.class,
                () -> storage.write("file-link", new ByteArrayInputStream("x".getBytes(UTF_8)), 1));
        assertThrows(SymbolicLinkRefused.class, () -> storage.delete("file-link"));

        assertEquals("secret", Files.readString(secret));
        assertEquals(List.of(), storage.list(""), "links are not listed");
    }

    @Test
    void leftoverPartFilesAreNotListed() throws IOException {
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/.model.bin.3f2a.labbook-part"), "half");
        Files.writeString(root.resolve("dir/model.bin"), "whole");

        assertEquals(List.of(file("dir/model.bin", 5)), storage.list("dir"));
    }
}
