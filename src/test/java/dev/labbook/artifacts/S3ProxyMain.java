package dev.labbook.artifacts;

import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3Proxy as a process of its own, for the Python suite (src/test/python/s3proxy_server.py):
 * {@code S3ProxyMain <port> <bucket> [identity credential]} listens on 127.0.0.1:port, creates the
 * bucket, prints {@code S3PROXY READY <port>} and serves until killed. Same set-up as
 * {@link S3ArtifactStorageIT}: the in-memory "transient" store and ignoreUnknownHeaders.
 */
public final class S3ProxyMain {
    public static final String IDENTITY = "labbook-access";
    public static final String CREDENTIAL = "labbook-secret-key";

    private S3ProxyMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: S3ProxyMain <port> <bucket> [identity credential]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String bucket = args[1];
        String identity = args.length == 4 ? args[2] : IDENTITY;
        String credential = args.length == 4 ? args[3] : CREDENTIAL;

        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("unused", "unused")
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
                // boto3 and the AWS SDK send checksum headers S3Proxy 3.0 does not know (gaul/s3proxy#962).
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            if (proxy.getState().equals("FAILED")) {
                System.err.println("S3Proxy failed to start on port " + port);
                System.exit(1);
            }
            Thread.sleep(10);
        }
        context.getBlobStore().createContainerInLocation(null, bucket);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            context.close();
        }));
        System.out.println("S3PROXY READY " + proxy.getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
