package dev.labbook.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The bytes of artifacts, addressed by relative paths ("a/b/model.pkl") under one root: a local
 * folder or an S3 bucket prefix. Paths reaching an implementation are already checked by
 * {@link ArtifactPaths}: relative, normalised, no "..". Everything streams; nothing is held whole.
 */
public interface ArtifactStorage {

    /** Stores content at path, replacing what was there. Readers never see a partial object. */
    void write(String path, InputStream content, long size) throws IOException;

    /** Opens path for reading, the whole object or one byte range. */
    ArtifactContent read(String path, ByteRange range) throws IOException;

    /** The direct children of dir ("" for the root), sorted by path; empty when dir has none. */
    List<ArtifactEntry> list(String dir) throws IOException;

    /** Deletes the object at path, or every object under it when it is a directory. */
    void delete(String path) throws IOException;

    /** Whether this storage can hand out direct part-upload URLs (S3 can; a local folder cannot). */
    default boolean supportsMultipartUpload() {
        return false;
    }

    default MultipartUpload createMultipartUpload(String path, int numParts) throws IOException {
        throw new UnsupportedOperationException("multipart upload");
    }

    default void completeMultipartUpload(String path, String uploadId, List<CompletedPart> parts) throws IOException {
        throw new UnsupportedOperationException("multipart upload");
    }

    default void abortMultipartUpload(String path, String uploadId) throws IOException {
        throw new UnsupportedOperationException("multipart upload");
    }

    /** One child in a listing: path is relative to the storage root; size is null for directories. */
    record ArtifactEntry(String path, boolean isDirectory, Long size) {}

    /** An open object: the stream covers [start, start + length) of an object of totalSize bytes. */
    record ArtifactContent(InputStream stream, long start, long length, long totalSize) {}

    /** Bytes first..last inclusive; last null means to the end. */
    record ByteRange(long first, Long last) {
        public static final ByteRange ALL = new ByteRange(0, null);
    }

    record MultipartUpload(String uploadId, List<PartCredential> credentials) {}

    record PartCredential(int partNumber, String url, java.util.Map<String, String> headers) {}

    record CompletedPart(int partNumber, String etag) {}

    /** Raised when a file was asked for and the path is a directory. */
    final class IsDirectory extends IOException {
        public IsDirectory(String path) {
            super("Artifact path refers to a directory, not a file: '" + path + "'");
        }
    }

    /** Raised when the object does not exist. */
    final class NotFound extends IOException {
        public NotFound(String path) {
            super("No artifact at '" + path + "'");
        }
    }
}
