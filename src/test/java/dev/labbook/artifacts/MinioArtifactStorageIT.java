package dev.labbook.artifacts;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The contract against a real MinIO, where Docker is available; skipped elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class MinioArtifactStorageIT extends ArtifactStorageContract {
    private static final String BUCKET = "artifacts";

    @Container
    private static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

    private static S3Settings settings;

    @BeforeAll
    static void createBucket() {
        settings = S3Settings.forEndpoint(URI.create(MINIO.getS3URL()), MINIO.getUserName(), MINIO.getPassword());
        try (var admin = settings.client()) {
            admin.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @Override
    protected ArtifactStorage newStorage() {
        return new S3ArtifactStorage(settings, BUCKET, "experiments/" + UUID.randomUUID());
    }
}
