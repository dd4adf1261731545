package dev.remise.cli;

import dev.remise.cli.check.CheckReport;
import dev.remise.cli.check.Gateway;
import dev.remise.cli.check.Operation;
import dev.remise.cli.check.ReadAfterWriteChecker;
import dev.remise.cli.check.ReadAfterWriteReport;
import dev.remise.cli.check.ReadAfterWriteWorkload;
import dev.remise.cli.check.S3Gateway;
import dev.remise.sigv4.SigV4Signer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code remise check}: consistency checks that drive a running cluster with real requests. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Consistency checks against a running cluster.",
    subcommands = {CheckCommand.ReadAfterWrite.class})
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say which check: read-after-write");
  }

  @Command(
      name = "read-after-write",
      mixinStandardHelpOptions = true,
      description = {
        "Concurrent clients GET (50%), PUT (45%) and DELETE (5%) keys of one bucket through the"
            + " given S3 endpoints in turn, recording every operation's start, end and result; then"
            + " report every read that missed a write acknowledged before the read began (a stale"
            + " value, a not-found after an acknowledged PUT), and every value no write wrote.",
        "Bounded by --operations and --max-duration, whichever comes first. Keys are new to the"
            + " bucket (read-after-write/<run>/k<i>). Kill, restart and re-layout nodes meanwhile:"
            + " failed and timed-out operations are counted, never held against the store.",
        "Prints one JSON document. Exit code 0: no violation; 1: violations; 2: usage error."
      })
  static final class ReadAfterWrite implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Spec CommandSpec spec;

    @Option(
        names = "--dev-cluster",
        paramLabel = "DIR",
        description =
            "Take endpoints (every node's S3 endpoint), region, key, secret and bucket from"
                + " DIR/cluster.json of `remise dev-cluster`; options given override them.")
    Path devCluster;

    @Option(
        names = "--endpoint",
        paramLabel = "URL",
        description = "S3 endpoint; repeat to spread the clients over several gateways.")
    List<URI> endpoints = new ArrayList<>();

    @Option(
        names = "--access-key-id",
        paramLabel = "ID",
        description = "Access key id (default: $AWS_ACCESS_KEY_ID).")
    String accessKeyId;

    @Option(
        names = "--secret-access-key",
        paramLabel = "SECRET",
        description = "Secret access key (default: $AWS_SECRET_ACCESS_KEY).")
    String secretAccessKey;

    @Option(names = "--bucket", description = "A bucket the key may read and write.")
    String bucket;

    @Option(names = "--region", description = "Region to sign for (default: remise).")
    String region;

    @Option(names = "--clients", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients = 16;

    @Option(names = "--keys", description = "Keys they share (default: ${DEFAULT-VALUE}).")
    int keys = 200;

    @Option(
        names = "--operations",
        description = "Operations in total, at most (default: ${DEFAULT-VALUE}).")
    long operations = 20_000;

    @Option(
        names = "--max-duration",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description = "No new operation after this (default: ${DEFAULT-VALUE}).")
    Duration maxDuration = Duration.ofMinutes(5);

    @Option(
        names = "--rate",
        paramLabel = "OPS",
        description =
            "Operations per second at most, all clients together; 0 for no limit (default:"
                + " ${DEFAULT-VALUE}).")
    double rate = 0;

    @Option(
        names = "--timeout",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description =
            "Per request; a request without an answer by then is a failed operation, a write of"
                + " unknown outcome (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(10);

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "Also write the summary with every violation, as JSON, to FILE.")
    Path report;

    @Option(
        names = "--history",
        paramLabel = "FILE",
        description =
            "Also write every operation to FILE, one JSON object a line in the order they started,"
                + " to look around a violation.")
    Path historyFile;

    @Option(
        names = "--max-violations",
        paramLabel = "N",
        description =
            "Violations described on stdout; all are counted (default: ${DEFAULT-VALUE}).")
    int maxViolations = 20;

    @Option(
        names = "--seed",
        description = "Seed of the run id, key choice and operation mix (default: random).")
    Long seed;

    @Override
    public Integer call() throws IOException {
      DevClusterState cluster = devCluster == null ? null : readCluster(devCluster);
      List<URI> targets =
          !endpoints.isEmpty() || cluster == null
              ? endpoints
              : cluster.nodes().stream().map(n -> URI.create(n.s3Endpoint())).toList();
      String keyId =
          choose(
              accessKeyId,
              cluster == null ? System.getenv("AWS_ACCESS_KEY_ID") : cluster.accessKeyId());
      String secret =
          choose(
              secretAccessKey,
              cluster == null ? System.getenv("AWS_SECRET_ACCESS_KEY") : cluster.secretAccessKey());
      String bucketName = choose(bucket, cluster == null ? null : cluster.bucket());
      String signingRegion = choose(region, cluster == null ? "remise" : cluster.region());
      if (targets.isEmpty()) {
        throw usage("give --endpoint (one or more) or --dev-cluster");
      }
      if (keyId == null || secret == null || bucketName == null) {
        throw usage("give --access-key-id, --secret-access-key and --bucket, or --dev-cluster");
      }
      if (clients < 1 || keys < 1 || operations < 1) {
        throw usage("--clients, --keys and --operations must be at least 1");
      }
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw usage("--rate must be a number of operations per second, or 0 for no limit");
      }
      if (maxViolations < 0) {
        throw usage("--max-violations must not be negative");
      }
      requireDirectoryOf(report, "--report");
      requireDirectoryOf(historyFile, "--history");
      long runSeed = seed != null ? seed : new SecureRandom().nextLong();

      SigV4Signer signer = new SigV4Signer(signingRegion, "s3", keyId, secret);
      List<Gateway> gateways = new ArrayList<>();
      try (HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout)
              .build()) {
        for (URI endpoint : targets) {
          gateways.add(
              new S3Gateway(endpoint, bucketName, signer, http, timeout, Clock.systemUTC()));
        }
        System.err.printf(
            "remise: up to %d operations by %d clients on %d keys through %d endpoint(s), for at"
                + " most %s...%n",
            operations, clients, keys, targets.size(), maxDuration);
        ReadAfterWriteWorkload.Run run =
            new ReadAfterWriteWorkload(
                    new ReadAfterWriteWorkload.Settings(
                        clients, keys, operations, maxDuration, runSeed, rate),
                    gateways,
                    System::nanoTime)
                .run();
        CheckReport result = ReadAfterWriteChecker.check(run.operations());

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("endpoints", targets.stream().map(URI::toString).toList());
        parameters.put("bucket", bucketName);
        parameters.put("clients", clients);
        parameters.put("keys", keys);
        parameters.put("operationsRequested", operations);
        parameters.put("maxDuration", maxDuration.toString());
        parameters.put("rate", rate);
        parameters.put("timeout", timeout.toString());
        parameters.put("seed", runSeed);
        Map<String, Object> summary =
            ReadAfterWriteReport.summary(parameters, run, result, maxViolations);
        if (report != null) {
          Map<String, Object> full = new LinkedHashMap<>(summary);
          full.remove("firstViolations");
          full.put("allViolations", ReadAfterWriteReport.violations(result));
          Files.writeString(
              report,
              JSON.writerWithDefaultPrettyPrinter().writeValueAsString(full) + "\n",
              StandardCharsets.UTF_8);
          summary.put("report", report.toString());
        }
        if (historyFile != null) {
          try (BufferedWriter out = Files.newBufferedWriter(historyFile, StandardCharsets.UTF_8)) {
            for (Operation op :
                run.operations().stream()
                    .sorted(Comparator.comparingLong(Operation::start))
                    .toList()) {
              out.write(JSON.writeValueAsString(ReadAfterWriteReport.operation(op)));
              out.newLine();
            }
          }
          summary.put("history", historyFile.toString());
        }
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
        if (result.operations() > 0 && result.failed() * 2 > result.operations()) {
          System.err.println(
              "remise: warning: "
                  + result.failed()
                  + " of "
                  + result.operations()
                  + " operations failed; the check says little about them");
        }
        return result.ok() ? 0 : 1;
      }
    }

    private DevClusterState readCluster(Path dir) throws IOException {
      return DevClusterState.read(dir)
          .orElseThrow(
              () ->
                  usage("no " + DevClusterState.FILE_NAME + " in " + dir + ": not a dev cluster"));
    }

    private void requireDirectoryOf(Path file, String option) {
      Path parent = file == null ? null : file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw usage(option + ": no directory " + parent);
      }
    }

    private static String choose(String given, String fallback) {
      return given != null ? given : fallback;
    }

    private CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}
