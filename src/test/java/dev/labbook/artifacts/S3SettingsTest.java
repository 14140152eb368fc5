package dev.labbook.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class S3SettingsTest {
    @Test
    void defaultsToAwsInUsEast1() {
        var settings = S3Settings.fromEnvironment(Map.of());

        assertNull(settings.endpoint());
        assertEquals("us-east-1", settings.region().id());
        assertFalse(settings.ignoreTls());
    }

    @Test
    void readsMlflowsVariables() {
        var settings = S3Settings.fromEnvironment(Map.of(
                "MLFLOW_S3_ENDPOINT_URL", "http://minio:9000",
                "AWS_DEFAULT_REGION", "eu-west-1",
                "MLFLOW_S3_IGNORE_TLS", "TRUE"));

        assertEquals(URI.create("http://minio:9000"), settings.endpoint());
        assertEquals("eu-west-1", settings.region().id());
        assertTrue(settings.ignoreTls());
    }

    @Test
    void awsRegionWinsOverTheDefaultRegion() {
        var settings = S3Settings.fromEnvironment(Map.of("AWS_REGION", "ap-south-1", "AWS_DEFAULT_REGION", "eu-west-1"));

        assertEquals("ap-south-1", settings.region().id());
    }

    @Test
    void acceptsMlflowsBooleanSpellings() {
        assertTrue(S3Settings.fromEnvironment(Map.of("MLFLOW_S3_IGNORE_TLS", "1")).ignoreTls());
        assertFalse(S3Settings.fromEnvironment(Map.of("MLFLOW_S3_IGNORE_TLS", "0")).ignoreTls());
        assertFalse(S3Settings.fromEnvironment(Map.of("MLFLOW_S3_IGNORE_TLS", "False")).ignoreTls());
    }

    @Test
    void refusesValuesItCannotUse() {
        assertThrows(IllegalArgumentException.class,
                () -> S3Settings.fromEnvironment(Map.of("MLFLOW_S3_ENDPOINT_URL", "minio:9000")));
        assertThrows(IllegalArgumentException.class,
                () -> S3Settings.fromEnvironment(Map.of("MLFLOW_S3_IGNORE_TLS", "yes")));
    }

    @Test
    void buildsClientsWhetherOrNotTlsIsChecked() {
        for (String ignoreTls : new String[] {"true", "false"}) {
            var fromEnv = S3Settings.fromEnvironment(Map.of(
                    "MLFLOW_S3_ENDPOINT_URL", "https://minio:9000", "MLFLOW_S3_IGNORE_TLS", ignoreTls));
            var settings = new S3Settings(fromEnv.endpoint(), fromEnv.region(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "s")),
                    fromEnv.ignoreTls(), fromEnv.connectTimeout(), fromEnv.socketTimeout(), null);
            try (var client = settings.client(); var presigner = settings.presigner()) {
                var url = presigner.presignGetObject(p -> p.signatureDuration(java.time.Duration.ofMinutes(1))
                        .getObjectRequest(g -> g.bucket("b").key("k"))).url();
                assertEquals("https://minio:9000/b/k", url.toString().substring(0, url.toString().indexOf('?')));
            }
        }
    }
}
