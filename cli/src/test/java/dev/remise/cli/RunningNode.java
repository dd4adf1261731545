package dev.remise.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A single-node server started the way {@code remise server --single-node} starts it, on free
 * loopback ports and a temporary data dir, for end-to-end tests with real clients.
 */
final class RunningNode implements AutoCloseable {
  static final String REGION = "remise";

  final Path dataDir;
  final SingleNodeServer.Ports ports;
  final SingleNodeIdentity identity;
  private final Map<String, String> extra;
  private SingleNodeServer server;

  RunningNode(Path dataDir, Map<String, String> extraProperties) throws IOException {
    this.dataDir = dataDir;
    this.ports =
        new SingleNodeServer.Ports(
            freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    this.identity = SingleNodeIdentity.loadOrCreate(dataDir, Map.of(), "default-bucket");
    this.extra = new HashMap<>(extraProperties);
    start();
  }

  void start() {
    server =
        SingleNodeServer.start(
            new SingleNodeServer.Settings(
                dataDir, REGION, "127.0.0.1", "127.0.0.1", ports, identity, extra));
  }

  void stop() {
    server.close();
  }

  URI s3Endpoint() {
    return URI.create("http://127.0.0.1:" + ports.s3());
  }

  URI adminEndpoint() {
    return URI.create("http://127.0.0.1:" + ports.admin());
  }

  S3Client s3() {
    return s3(identity.accessKeyId(), identity.secretKey());
  }

  S3Client s3(String accessKeyId, String secretKey) {
    return S3Client.builder()
        .endpointOverride(s3Endpoint())
        .forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey)))
        .build();
  }

  @Override
  public void close() {
    server.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
