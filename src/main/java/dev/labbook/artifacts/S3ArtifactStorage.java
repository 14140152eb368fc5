package dev.labbook.artifacts;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;

/**
 * Artifacts as objects under a key prefix of one bucket. Uploads of unknown length go through a
 * multipart upload fed one bounded buffer at a time and aborted on failure, so memory stays small
 * and no partial object ever appears under the key.
 */
public final class S3ArtifactStorage implements ArtifactStorage, AutoCloseable {
    private static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;
    private static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    private static final Duration PRESIGNED_URL_EXPIRY = Duration.ofHours(1);
    private static final Set<String> REFUSALS = Set.of("NoSuchBucket", "AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "RequestTimeTooSkewed");

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String where;
    private final String bucket;
    private final String rootPrefix;

    /** prefix is a key prefix without leading or trailing slash, "" for the whole bucket. */
    public S3ArtifactStorage(S3Settings settings, String bucket, String prefix) {
        this.s3 = settings.client();
        this.presigner = settings.presigner();
        this.where = settings.describe();
        this.bucket = bucket;
        this.rootPrefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public void write(String path, InputStream content, long size) throws IOException {
        if (path.isEmpty()) {
            throw new ArtifactStorage.IsDirectory(path);
        }
        if (size < 0 || size > MAX_SINGLE_PUT) {
            // Parts large enough that a known size fits in S3's 10,000; unknown sizes stop at about 78 GiB.
            int partSize = size < 0 ? PART_SIZE : (int) Math.max(PART_SIZE, Math.ceilDiv(size, MAX_PARTS));
            writeInParts(key(path), content, partSize);
            return;
        }
        SourceStream source = new SourceStream(content);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(path)).contentLength(size),
                    RequestBody.fromInputStream(source, size));
        } catch (RuntimeException e) {
            // A broken client upload is the client's problem, not an unavailable S3. The SDK wraps it
            // in an SdkException, or an IllegalStateException when it cannot rewind to retry.
            source.rethrowFailure(size);
            if (e instanceof SdkException sdk) {
                throw failure("upload", key(path), sdk);
            }
            throw e;
        }
    }

    @Override
    public ArtifactContent read(String path, ByteRange range) throws IOException {
        if (path.isEmpty()) {
            throw new NotFound(path);
        }
        if (range.last() != null && range.last() < range.first()) {
            return emptyAt(path, range.first());
        }
        String key = key(path);
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (!range.equals(ByteRange.ALL)) {
            request.range("bytes=" + range.first() + "-" + (range.last() == null ? "" : range.last()));
        }
        ResponseInputStream<GetObjectResponse> stream;
        try {
            stream = s3.getObject(request.build());
        } catch (SdkException e) {
            if (isMissingKey(e)) {
                // No object, but objects under it: the caller named a directory.
                throw list(path).isEmpty() ? new NotFound(path) : new IsDirectory(path);
            }
            if (e instanceof AwsServiceException ase && ase.statusCode() == 416) {
                return emptyAt(path, range.first());
            }
            throw failure("read", key, e);
        }
        GetObjectResponse response = stream.response();
        long length = response.contentLength();
        String contentRange = response.contentRange();
        if (contentRange == null) {
            return new ArtifactContent(stream, 0, length, length);
        }
        // "bytes first-last/total"
        String[] parts = contentRange.substring(contentRange.indexOf(' ') + 1).split("[-/]");
        return new ArtifactContent(stream, Long.parseLong(parts[0]), length, Long.parseLong(parts[2]));
    }

    @Override
    public List<ArtifactEntry> list(String dir) throws IOException {
        String listPrefix = dir.isEmpty() ? rootPrefix : key(dir) + "/";
        List<ArtifactEntry> entries = new ArrayList<>();
        Set<String> directories = new HashSet<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                    b -> b.bucket(bucket).prefix(listPrefix).delimiter("/"))) {
                for (CommonPrefix directory : page.commonPrefixes()) {
                    directories.add(directory.prefix().substring(listPrefix.length()));
                }
                for (S3Object object : page.contents()) {
                    String name = object.key().substring(listPrefix.length());
                    if (name.endsWith("/")) {
                        // A "dir/" placeholder written by other tools; some servers list it as an object.
                        directories.add(name);
                    } else if (!name.isEmpty()) {
                        entries.add(new ArtifactEntry(ArtifactPaths.join(dir, name), false, object.size()));
                    }
                }
            }
        } catch (SdkException e) {
            throw failure("list", listPrefix, e);
        }
        for (String directory : directories) {
            // "/" alone comes from a key with "//" in it, which no validated path can name.
            if (directory.length() > 1) {
                String name = directory.substring(0, directory.length() - 1);
                entries.add(new ArtifactEntry(ArtifactPaths.join(dir, name), true, null));
            }
        }
        entries.sort(Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    @Override
    public void delete(String path) throws IOException {
        String under = path.isEmpty() ? rootPrefix : key(path) + "/";
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
                    b -> b.bucket(bucket).prefix(under).maxKeys(1000))) {
                deleteBatch(page.contents());
            }
            // Children first: filesystem-backed servers cannot delete a key that is still a non-empty directory.
            if (!path.isEmpty()) {
                s3.deleteObject(b -> b.bucket(bucket).key(key(path)));
            }
        } catch (SdkException e) {
            throw failure("delete", path.isEmpty() ? under : key(path), e);
        }
    }

    @Override
    public boolean supportsMultipartUpload() {
        return true;
    }

    @Override
    public MultipartUpload createMultipartUpload(String path, int numParts) throws IOException {
        if (numParts < 1 || numParts > MAX_PARTS) {
            throw new IllegalArgumentException("A multipart upload has 1 to " + MAX_PARTS + " parts, not " + numParts);
        }
        String key = key(path);
        String uploadId = startMultipart(key);
        List<PartCredential> credentials = new ArrayList<>();
        for (int part = 1; part <= numParts; part++) {
            int partNumber = part;
            PresignedUploadPartRequest presigned = presigner.presignUploadPart(p -> p
                    .signatureDuration(PRESIGNED_URL_EXPIRY)
                    .uploadPartRequest(u -> u.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)));
            credentials.add(new PartCredential(partNumber, presigned.url().toString(), headersToSend(presigned)));
        }
        return new MultipartUpload(uploadId, credentials);
    }

    @Override
    public void completeMultipartUpload(String path, String uploadId, List<CompletedPart> parts) throws IOException {
        var completed = parts.stream()
                .sorted(Comparator.comparingInt(CompletedPart::partNumber))
                .map(p -> s3Part(p.partNumber(), p.etag()))
                .toList();
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key(path)).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
        } catch (SdkException e) {
            throw failure("complete multipart upload " + uploadId + " of", key(path), e);
        }
    }

    @Override
    public void abortMultipartUpload(String path, String uploadId) throws IOException {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key(path)).uploadId(uploadId));
        } catch (SdkException e) {
            throw failure("abort multipart upload " + uploadId + " of", key(path), e);
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (rootPrefix.isEmpty() ? "" : "/" + rootPrefix.substring(0, rootPrefix.length() - 1));
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private void writeInParts(String key, InputStream content, int partSize) throws IOException {
        byte[] buffer = new byte[partSize];
        int firstPart = content.readNBytes(buffer, 0, partSize);
        if (firstPart == partSize) {
            writeMultipart(key, content, buffer);
            return;
        }
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) firstPart), body(buffer, firstPart));
        } catch (SdkException e) {
            throw failure("upload", key, e);
        }
    }

    /** Uploads the full buffer and the rest of content as parts, then completes; aborts on any failure. */
    private void writeMultipart(String key, InputStream content, byte[] buffer) throws IOException {
        int filled = buffer.length;
        String uploadId = startMultipart(key);
        try {
            var parts = new ArrayList<software.amazon.awssdk.services.s3.model.CompletedPart>();
            do {
                if (parts.size() == MAX_PARTS) {
                    throw new IOException(
                            "Upload to '" + key + "' exceeds " + MAX_PARTS + " parts of " + buffer.length + " bytes");
                }
                int partNumber = parts.size() + 1;
                int length = filled;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) length), body(buffer, length)).eTag();
                parts.add(s3Part(partNumber, etag));
                filled = content.readNBytes(buffer, 0, buffer.length);
            } while (filled > 0);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException | Error e) {
            abortQuietly(key, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw failure("upload", key, sdk);
            }
            throw e;
        }
    }

    private String startMultipart(String key) throws IOException {
        try {
            return s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (SdkException e) {
            throw failure("start multipart upload of", key, e);
        }
    }

    private void abortQuietly(String key, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
        }
    }

    private void deleteBatch(List<S3Object> objects) throws IOException {
        if (objects.isEmpty()) {
            return;
        }
        List<ObjectIdentifier> ids = objects.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
        var response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
        if (!response.errors().isEmpty()) {
            var first = response.errors().getFirst();
            throw new IOException("Could not delete " + response.errors().size() + " objects in s3://" + bucket
                    + ", first '" + first.key() + "': " + first.code() + " " + first.message());
        }
    }

    /** The object's size when it exists, for a range that selects nothing. */
    private ArtifactContent emptyAt(String path, long first) throws IOException {
        long total;
        try {
            total = s3.headObject(b -> b.bucket(bucket).key(key(path))).contentLength();
        } catch (SdkException e) {
            if (isMissingKey(e)) {
                throw new NotFound(path);
            }
            throw failure("read", key(path), e);
        }
        return new ArtifactContent(InputStream.nullInputStream(), Math.min(first, total), 0, total);
    }

    private IOException failure(String action, String key, SdkException e) {
        String target = "s3://" + bucket + "/" + key + " at " + where;
        if (e instanceof SdkClientException) {
            String message = "Could not reach S3 to " + action + " " + target + ": " + e.getMessage();
            return new StorageUnavailableException(message, e);
        }
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
            String message = "S3 refused to " + action + " " + target + ": " + code + " (HTTP " + ase.statusCode() + ")";
            boolean refusal = ase.statusCode() >= 500 || ase.statusCode() == 401 || ase.statusCode() == 403
                    || ase.isThrottlingException() || (code != null && REFUSALS.contains(code));
            return refusal ? new StorageUnavailableException(message, e) : new IOException(message, e);
        }
        return new IOException("Could not " + action + " " + target + ": " + e.getMessage(), e);
    }

    private static boolean isMissingKey(SdkException e) {
        return e instanceof NoSuchKeyException
                || (e instanceof AwsServiceException ase && ase.statusCode() == 404
                        && (ase.awsErrorDetails() == null || !"NoSuchBucket".equals(ase.awsErrorDetails().errorCode())));
    }

    /** What the client must send besides the URL; the Host header it sets itself. */
    private static Map<String, String> headersToSend(PresignedUploadPartRequest presigned) {
        Map<String, String> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
            }
        });
        return headers;
    }

    private static software.amazon.awssdk.services.s3.model.CompletedPart s3Part(int number, String etag) {
        return software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private static RequestBody body(byte[] buffer, int length) {
        // A ByteArrayInputStream can be reset, so the SDK may retry a part without copying it.
        return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length);
    }

    private String key(String path) {
        return rootPrefix + path;
    }

    /** Remembers how the caller's stream failed, so that failure is reported rather than the SDK's. */
    private static final class SourceStream extends FilterInputStream {
        private IOException failure;
        private long count;
        private boolean ended;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n < 0) {
                    ended = true;
                } else {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        void rethrowFailure(long size) throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (ended && count < size) {
                throw new IOException("Upload ended after " + count + " of its declared " + size + " bytes");
            }
        }
    }
}
