package dev.labbook.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Artifacts in a local folder. Writes go to a hidden part file beside the target and are renamed
 * into place, so a reader never sees half a file and a failed upload leaves nothing behind.
 * Symbolic links inside the root are refused, so a link cannot lead a request outside it.
 */
public final class LocalArtifactStorage implements ArtifactStorage {
    private static final String PART_SUFFIX = ".labbook-part";

    private final Path root;

    public LocalArtifactStorage(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
    }

    @Override
    public void write(String path, InputStream content, long size) throws IOException {
        Path target = resolve(path);
        if (path.isEmpty() || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArtifactStorage.IsDirectory(path);
        }
        Files.createDirectories(target.getParent());
        ensureNoLinks(target.getParent());
        Path part = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + PART_SUFFIX);
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                content.transferTo(out);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public ArtifactContent read(String path, ByteRange range) throws IOException {
        Path file = resolve(path);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IsDirectory(path);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFound(path);
        }
        SeekableByteChannel channel = Files.newByteChannel(file);
        long total = channel.size();
        long start = Math.min(range.first(), total);
        long end = range.last() == null ? total - 1 : Math.min(range.last(), total - 1);
        channel.position(start);
        long length = Math.max(0, end - start + 1);
        InputStream stream = new BoundedInputStream(Channels.newInputStream(channel), length);
        return new ArtifactContent(stream, start, length, total);
    }

    @Override
    public List<ArtifactEntry> list(String dir) throws IOException {
        Path directory = resolve(dir);
        List<ArtifactEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.endsWith(PART_SUFFIX) || Files.isSymbolicLink(child)) {
                    continue;
                }
                String relative = ArtifactPaths.join(dir, name);
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(new ArtifactEntry(relative, true, null));
                } else {
                    entries.add(new ArtifactEntry(relative, false, Files.size(child)));
                }
            }
        }
        entries.sort(Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    @Override
    public void delete(String path) throws IOException {
        Path target = resolve(path);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(target);
            return;
        }
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (!dir.equals(root)) {
                    Files.delete(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Resolves a validated relative path under the root, refusing links on the way. */
    private Path resolve(String path) throws IOException {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new NoSuchFileException(path);
        }
        ensureNoLinks(resolved);
        return resolved;
    }

    private void ensureNoLinks(Path path) throws IOException {
        for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new SymbolicLinkRefused(root.relativize(path).toString());
            }
        }
    }

    /** A symbolic link inside the artifact root was on the requested path. */
    public static final class SymbolicLinkRefused extends IOException {
        SymbolicLinkRefused(String path) {
            super("Refusing to follow a symbolic link in artifact path '" + path + "'");
        }
    }
}
