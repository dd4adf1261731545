package dev.remise.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code remise server}: runs a node. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description =
        "Run a Remise node. With --single-node: every role in this process, a one-node cluster.")
final class ServerCommand implements Callable<Integer> {

  @Option(
      names = "--single-node",
      description = "Run all roles (S3, K2V, admin, metadata, blocks) with a one-node layout.")
  boolean singleNode;

  @Option(names = "--data-dir", description = "Where data is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("data");

  @Option(
      names = "--default-bucket",
      description = "Create this bucket for the default key (or set REMISE_DEFAULT_BUCKET).")
  String defaultBucket;

  @Option(
      names = "--region",
      description = "S3 region clients sign for (default: ${DEFAULT-VALUE}).")
  String region = "remise";

  @Option(
      names = "--bind",
      description = "Address of the S3, K2V and admin ports (default: ${DEFAULT-VALUE}).")
  String bind = "0.0.0.0";

  @Option(
      names = "--internal-bind",
      description = "Address of the internal RPC and metrics ports (default: ${DEFAULT-VALUE}).")
  String internalBind = "127.0.0.1";

  @Option(names = "--s3-port", description = "S3 API port (default: ${DEFAULT-VALUE}).")
  int s3Port = 3900;

  @Option(names = "--admin-port", description = "Admin API port (default: ${DEFAULT-VALUE}).")
  int adminPort = 3903;

  @Option(names = "--k2v-port", description = "K2V API port (default: ${DEFAULT-VALUE}).")
  int k2vPort = 3904;

  @Option(names = "--rpc-port", description = "metadata-node RPC port (default: ${DEFAULT-VALUE}).")
  int rpcPort = 3901;

  @Option(
      names = "--block-rpc-port",
      description = "block-node RPC port (default: ${DEFAULT-VALUE}).")
  int blockRpcPort = 3905;

  @Override
  public Integer call() throws Exception {
    if (!singleNode) {
      System.err.println(
          "Only --single-node is available for now; multi-node clusters run the roles as separate"
              + " services (see docker-compose.yml).");
      return 2;
    }
    SingleNodeIdentity identity =
        SingleNodeIdentity.loadOrCreate(dataDir, System.getenv(), defaultBucket);
    var ports =
        new SingleNodeServer.Ports(s3Port, rpcPort, adminPort, k2vPort, blockRpcPort, 3910, 3914);
    var settings =
        new SingleNodeServer.Settings(
            dataDir, region, bind, internalBind, ports, identity, Map.of());
    SingleNodeServer server = SingleNodeServer.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping Remise...");
                  server.close();
                  stopped.countDown();
                }));
    String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
    System.out.printf(
        """

        Remise is running (single node %s, data in %s).

          S3 endpoint:       http://%s:%d
          S3 region:         %s
          Access key ID:     %s
          Secret access key: %s
          Default bucket:    %s
          Admin API:         http://%s:%d   (Authorization: Bearer %s)
          K2V endpoint:      http://%s:%d

        Try: AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s \\
             aws --endpoint-url http://%s:%d --region %s s3 ls
        Press Ctrl-C to stop.
        %n""",
        server.nodeId().shortHex(),
        dataDir.toAbsolutePath(),
        host,
        s3Port,
        region,
        identity.accessKeyId(),
        identity.secretKey(),
        identity.defaultBucket() == null
            ? "(none; use --default-bucket NAME)"
            : identity.defaultBucket(),
        host,
        adminPort,
        identity.adminToken(),
        host,
        k2vPort,
        identity.accessKeyId(),
        identity.secretKey(),
        host,
        s3Port,
        region);
    stopped.await();
    return 0;
  }
}
