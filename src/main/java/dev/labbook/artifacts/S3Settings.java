package dev.labbook.artifacts;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * How to reach S3, read from the environment variables MLflow's server honours. An endpoint means
 * an S3-compatible server (MinIO, Ceph, S3Proxy), which is addressed path-style.
 *
 * @param endpoint null for AWS itself
 * @param maxAttempts null for the SDK's default retry strategy
 */
public record S3Settings(
        URI endpoint,
        Region region,
        AwsCredentialsProvider credentials,
        boolean ignoreTls,
        Duration connectTimeout,
        Duration socketTimeout,
        Integer maxAttempts) {

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    /** MLFLOW_S3_ENDPOINT_URL, AWS_REGION / AWS_DEFAULT_REGION, MLFLOW_S3_IGNORE_TLS; credentials from the default chain. */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        String endpoint = blankToNull(env.get("MLFLOW_S3_ENDPOINT_URL"));
        String region = blankToNull(env.get("AWS_REGION"));
        if (region == null) {
            region = blankToNull(env.get("AWS_DEFAULT_REGION"));
        }
        // MLflow's boolean variables accept true/false/1/0 in any case.
        String ignoreTls = env.getOrDefault("MLFLOW_S3_IGNORE_TLS", "false").trim().toLowerCase(Locale.ROOT);
        if (!List.of("true", "false", "1", "0").contains(ignoreTls)) {
            throw new IllegalArgumentException("MLFLOW_S3_IGNORE_TLS must be true or false, not '" + ignoreTls + "'");
        }
        return new S3Settings(
                endpoint == null ? null : parseEndpoint(endpoint),
                Region.of(region == null ? "us-east-1" : region),
                DefaultCredentialsProvider.builder().build(),
                ignoreTls.equals("true") || ignoreTls.equals("1"),
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT,
                null);
    }

    /** An S3-compatible server with fixed keys, as tests and local setups use. */
    public static S3Settings forEndpoint(URI endpoint, String accessKey, String secretKey) {
        return new S3Settings(
                endpoint,
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)),
                false,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT,
                null);
    }

    public S3Settings withTimeouts(Duration connect, Duration socket, int attempts) {
        return new S3Settings(endpoint, region, credentials, ignoreTls, connect, socket, attempts);
    }

    public S3Client client() {
        var builder = S3Client.builder()
                .httpClient(httpClient())
                .region(region)
                .credentialsProvider(credentials)
                // S3-compatible servers reject the SDK's default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // DeleteObjects must carry Content-MD5 for MinIO and older S3-compatible servers.
                .addPlugin(LegacyMd5Plugin.create())
                .forcePathStyle(endpoint != null);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (maxAttempts != null) {
            builder.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(maxAttempts)));
        }
        return builder.build();
    }

    public S3Presigner presigner() {
        var builder = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(endpoint != null).build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Where S3 is, for messages: never includes credentials. */
    String describe() {
        return endpoint == null ? "AWS S3 (" + region.id() + ")" : endpoint.toString();
    }

    private SdkHttpClient httpClient() {
        var builder = UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(socketTimeout);
        if (!ignoreTls) {
            return builder.build();
        }
        return builder.buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true)
                .build());
    }

    private static URI parseEndpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MLFLOW_S3_ENDPOINT_URL is not a URL: '" + value + "'");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("MLFLOW_S3_ENDPOINT_URL must be an http(s) URL, not '" + value + "'");
        }
        return uri;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
