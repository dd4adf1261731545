package dev.remise.cli;

import dev.remise.cli.bench.BenchReport;
import dev.remise.cli.bench.BenchWorkload;
import dev.remise.cli.bench.ByteSize;
import dev.remise.cli.bench.LatencySummary;
import dev.remise.cli.bench.Mix;
import dev.remise.cli.bench.OpKind;
import dev.remise.cli.bench.Payload;
import dev.remise.cli.bench.SdkS3Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code remise bench}: load generators that measure a running store. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks against a running store.",
    subcommands = {BenchCommand.S3.class, BenchCommand.Latency.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say which benchmark: s3 or latency");
  }

  @Command(
      name = "s3",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "An S3 load generator in the manner of warp, with the AWS SDK for Java v2 (path-style,"
            + " no retries, one connection per worker), against any S3 endpoint.",
        "--concurrency workers send one request after another: --op put (new objects), get, head,"
            + " list (ListObjectsV2, one page), delete, or mixed (--mix, by default warp's 45%% get,"
            + " 15%% put, 30%% head, 10%% delete). get, head, list, delete and mixed first put"
            + " --objects objects (not measured); an optional --warmup runs the same load unmeasured.",
        "The run stops after --duration or --count operations, whichever comes first (a delete run"
            + " also when no object is left); requests in flight then finish and count. Objects"
            + " live under bench/<run>/ in --bucket (created if missing) and are deleted afterwards"
            + " unless --keep.",
        "A progress line every second on stderr; then, on stdout, per operation: count, errors,"
            + " ops/s, MB/s (10^6 B/s of object bodies), latency p50/p99/max in ms (GET also its"
            + " time to first byte). --json FILE writes the same with the parameters as JSON.",
        "Exit code 0 when every measured operation succeeded, 1 when some failed, 2 on a usage"
            + " error."
      })
  static final class S3 implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration MAX_DURATION = Duration.ofHours(24);
    private static final long PREPARED_BYTES_TARGET = 1L << 30;

    @Spec CommandSpec spec;

    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "S3 endpoint.")
    URI endpoint;

    @Option(
        names = {"--access-key", "--access-key-id"},
        paramLabel = "ID",
        description = "Access key id (default: $AWS_ACCESS_KEY_ID).")
    String accessKey;

    @Option(
        names = {"--secret-key", "--secret-access-key"},
        paramLabel = "SECRET",
        description = "Secret access key (default: $AWS_SECRET_ACCESS_KEY).")
    String secretKey;

    @Option(
        names = "--region",
        description = "Region to sign for (default: ${DEFAULT-VALUE}, a single node's).")
    String region = "remise";

    @Option(
        names = "--bucket",
        description = "Bucket, created if missing (default: ${DEFAULT-VALUE}).")
    String bucket = "remise-bench";

    @Option(
        names = "--op",
        paramLabel = "OP",
        description = "put, get, head, list, delete or mixed (default: ${DEFAULT-VALUE}).")
    String op = "put";

    @Option(
        names = "--mix",
        paramLabel = "WEIGHTS",
        description =
            "With --op mixed: kind=weight pairs (kinds put, get, head or stat, list, delete)"
                + " (default: ${DEFAULT-VALUE}, warp's).")
    String mix = "get=45,put=15,head=30,delete=10";

    @Option(
        names = "--size",
        description =
            "Object size: B, KiB, MiB, GiB (binary) or KB, MB, GB (decimal) (default:"
                + " ${DEFAULT-VALUE}).")
    String size = "1MiB";

    @Option(
        names = "--concurrency",
        description = "Workers, each with its own connection (default: ${DEFAULT-VALUE}).")
    int concurrency = 16;

    @Option(
        names = "--duration",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description = "Measured time, 24h at most (default: ${DEFAULT-VALUE}).")
    Duration duration = Duration.ofSeconds(30);

    @Option(
        names = "--count",
        paramLabel = "N",
        description = "Stop after N measured operations if --duration has not passed yet.")
    Long count;

    @Option(
        names = "--objects",
        paramLabel = "N",
        description =
            "Objects put before a get, head, list, delete or mixed run (default: as many as"
                + " fit in 1 GiB, at least --concurrency, at most 1000; for delete, --count if"
                + " given).")
    Integer objects;

    @Option(
        names = "--warmup",
        converter = WarmupConverter.class,
        paramLabel = "DURATION",
        description = "Unmeasured load before the measured run (default: none).")
    Duration warmup = Duration.ZERO;

    @Option(
        names = "--compressible",
        description =
            "Bodies of text that compresses (words and numbers, JSON-like) instead of random"
                + " bytes.")
    boolean compressible;

    @Option(
        names = "--checksums",
        description =
            "Let the SDK add its default CRC32 checksum to every PUT (aws-chunked with a trailer)"
                + " and validate GET checksums; by default only where an operation requires one.")
    boolean checksums;

    @Option(
        names = "--verify",
        description = "Compare the MD5 of every GET body with the object's ETag.")
    boolean verify;

    @Option(
        names = "--timeout",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description = "Per request (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofMinutes(2);

    @Option(
        names = "--list-max-keys",
        paramLabel = "N",
        description = "Keys per ListObjectsV2 page (default: ${DEFAULT-VALUE}).")
    int listMaxKeys = 1000;

    @Option(
        names = "--keep",
        description = "Leave the run's objects in the bucket instead of deleting them.")
    boolean keep;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    Path json;

    @Option(names = "--seed", description = "Seed of the bodies and the choices (default: random).")
    Long seed;

    @Override
    public Integer call() throws Exception {
      String keyId = accessKey != null ? accessKey : System.getenv("AWS_ACCESS_KEY_ID");
      String secret = secretKey != null ? secretKey : System.getenv("AWS_SECRET_ACCESS_KEY");
      if (keyId == null || secret == null) {
        throw usage(
            "give --access-key and --secret-key, or set AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY");
      }
      Mix chosen = mix();
      long objectSize;
      try {
        objectSize = ByteSize.parse(size);
      } catch (IllegalArgumentException e) {
        throw usage("--size: " + e.getMessage());
      }
      if (concurrency < 1 || concurrency > 4096) {
        throw usage("--concurrency must be between 1 and 4096");
      }
      if (duration.compareTo(MAX_DURATION) > 0) {
        throw usage("--duration is at most " + MAX_DURATION.toHours() + "h");
      }
      if (warmup.compareTo(MAX_DURATION) > 0) {
        throw usage("--warmup is at most " + MAX_DURATION.toHours() + "h");
      }
      if (count != null && count < 1) {
        throw usage("--count must be at least 1");
      }
      if (objects != null && objects < 1) {
        throw usage("--objects must be at least 1");
      }
      if (listMaxKeys < 1 || listMaxKeys > 1000) {
        throw usage("--list-max-keys must be between 1 and 1000");
      }
      Path jsonParent = json == null ? null : json.toAbsolutePath().getParent();
      if (jsonParent != null && !Files.isDirectory(jsonParent)) {
        throw usage("--json: no directory " + jsonParent);
      }
      int prepared = chosen.readsObjects() ? objectCount(chosen, objectSize) : 0;
      long runSeed = seed != null ? seed : new SecureRandom().nextLong();
      byte[] id = new byte[4];
      new java.util.SplittableRandom(runSeed).nextBytes(id);
      String runId = HexFormat.of().formatHex(id);
      String prefix = "bench/" + runId + "/";

      BenchWorkload.Settings settings =
          new BenchWorkload.Settings(
              chosen,
              objectSize,
              concurrency,
              duration,
              count == null ? 0 : count,
              prepared,
              warmup,
              prefix,
              listMaxKeys);
      Payload payload =
          compressible
              ? Payload.compressible(runSeed, objectSize)
              : Payload.random(runSeed, objectSize);
      var config =
          new SdkS3Target.Config(
              endpoint, region, keyId, secret, bucket, concurrency, timeout, checksums, verify);
      Instant startedAt = Instant.now();
      try (SdkS3Target target = new SdkS3Target(config);
          ScheduledExecutorService ticker =
              Executors.newSingleThreadScheduledExecutor(
                  r -> Thread.ofPlatform().daemon().name("bench-progress").unstarted(r))) {
        BenchWorkload workload =
            new BenchWorkload(settings, target, payload, runSeed, System::nanoTime);
        System.err.printf(
            Locale.ROOT,
            "remise bench s3: %s of %s objects, %d workers, %s%s against %s, bucket %s, prefix"
                + " %s%n",
            chosen,
            ByteSize.format(objectSize),
            concurrency,
            human(duration),
            count == null ? "" : " or " + count + " operations",
            endpoint,
            bucket,
            prefix);
        AtomicReference<BenchWorkload.Progress> last = new AtomicReference<>();
        ticker.scheduleAtFixedRate(
            () -> {
              BenchWorkload.Progress now = workload.progress();
              System.err.println(BenchReport.progressLine(last.getAndSet(now), now));
            },
            1,
            1,
            TimeUnit.SECONDS);
        BenchWorkload.Result result;
        try {
          workload.prepare();
          result = workload.run();
        } finally {
          if (!keep) {
            BenchWorkload.Cleanup c = workload.cleanup();
            System.err.printf(
                Locale.ROOT,
                "remise bench s3: deleted %d objects of the run%s%n",
                c.deleted(),
                c.failed() == 0 ? "" : ", " + c.failed() + " deletions failed");
          }
        }
        ticker.shutdownNow();

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("endpoint", endpoint.toString());
        parameters.put("region", region);
        parameters.put("bucket", bucket);
        parameters.put("prefix", prefix);
        parameters.put("op", op.toLowerCase(Locale.ROOT));
        parameters.put("mix", chosen.percentages());
        parameters.put("size", ByteSize.format(objectSize));
        parameters.put("sizeBytes", objectSize);
        parameters.put("concurrency", concurrency);
        parameters.put("duration", duration.toString());
        parameters.put("count", count);
        parameters.put("objects", prepared);
        parameters.put("warmup", warmup.toString());
        parameters.put("body", compressible ? "compressible" : "random");
        parameters.put("checksums", checksums ? "when-supported" : "when-required");
        parameters.put("payloadSigning", SdkS3Target.describePayloadMode(target.payloadMode()));
        parameters.put("xAmzContentSha256", target.payloadMode());
        parameters.put("verify", verify);
        parameters.put("seed", runSeed);
        parameters.put("startedAt", startedAt.toString());
        BenchReport report = BenchReport.of(parameters, result);
        System.out.printf(
            Locale.ROOT,
            "%s, %s objects (%s), %d workers; payload %s%n",
            chosen,
            ByteSize.format(objectSize),
            compressible ? "compressible" : "random",
            concurrency,
            parameters.get("payloadSigning"));
        System.out.print(report.text());
        if (json != null) {
          Files.writeString(
              json,
              JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()) + "\n",
              StandardCharsets.UTF_8);
        }
        return report.total().errors() == 0 ? 0 : 1;
      }
    }

    private Mix mix() {
      String o = op.toLowerCase(Locale.ROOT);
      if (o.equals("mixed")) {
        try {
          return Mix.parse(mix);
        } catch (IllegalArgumentException e) {
          throw usage("--mix: " + e.getMessage());
        }
      }
      for (OpKind k : OpKind.values()) {
        if (k.name().toLowerCase(Locale.ROOT).equals(o) || (o.equals("stat") && k == OpKind.HEAD)) {
          return Mix.only(k);
        }
      }
      throw usage("--op is put, get, head, list, delete or mixed, not '" + op + "'");
    }

    /** --objects, or enough to read without exhausting the store or the prepare time. */
    private int objectCount(Mix chosen, long objectSize) {
      if (objects != null) {
        return objects;
      }
      if (chosen.equals(Mix.only(OpKind.DELETE)) && count != null) {
        return (int) Math.min(count, Integer.MAX_VALUE);
      }
      long fit = PREPARED_BYTES_TARGET / Math.max(1, objectSize);
      return (int) Math.max(concurrency, Math.min(1000, fit));
    }

    /** 30s, 5m, 1h30m: as the options are written. */
    static String human(Duration d) {
      return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  /** Like {@link ServerCommand.DurationConverter}, but zero (no warm-up) is allowed. */
  static final class WarmupConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (value.strip().matches("0+[a-z]*")) {
        return Duration.ZERO;
      }
      return new ServerCommand.DurationConverter().convert(value);
    }
  }

  @Command(
      name = "latency",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Latency of single requests, one at a time, like Garage's s3lat: --count requests each of"
            + " GetObject, PutObject, ListObjects, ListBuckets and RemoveObject on small objects,"
            + " printed as mean, min and max in ms and, with --rtt, in multiples of the round trip.",
        "Objects live under bench-latency/<run>/ in --bucket (created if missing) and are deleted"
            + " afterwards."
      })
  static final class Latency implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "S3 endpoint.")
    URI endpoint;

    @Option(
        names = {"--access-key", "--access-key-id"},
        paramLabel = "ID",
        description = "Access key id (default: $AWS_ACCESS_KEY_ID).")
    String accessKey;

    @Option(
        names = {"--secret-key", "--secret-access-key"},
        paramLabel = "SECRET",
        description = "Secret access key (default: $AWS_SECRET_ACCESS_KEY).")
    String secretKey;

    @Option(names = "--region", description = "Region (default: ${DEFAULT-VALUE}).")
    String region = "remise";

    @Option(names = "--bucket", description = "Bucket (default: ${DEFAULT-VALUE}).")
    String bucket = "remise-bench";

    @Option(
        names = "--count",
        description = "Requests per kind, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int count = 100;

    @Option(
        names = "--warmup",
        paramLabel = "N",
        description =
            "Unmeasured requests of each kind before its measured ones, so the client's JVM and"
                + " connection are warm, 0 to 1000 (default: ${DEFAULT-VALUE}).")
    int warmup = 10;

    @Option(
        names = "--rtt",
        converter = ServerCommand.DurationConverter.class,
        paramLabel = "DURATION",
        description = "The round trip between sites, to print means in multiples of it.")
    Duration rtt;

    @Override
    public Integer call() throws Exception {
      String keyId = accessKey != null ? accessKey : System.getenv("AWS_ACCESS_KEY_ID");
      String secret = secretKey != null ? secretKey : System.getenv("AWS_SECRET_ACCESS_KEY");
      if (keyId == null || secret == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "give --access-key and --secret-key, or set AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY");
      }
      if (count < 1 || count > 10_000) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--count must be between 1 and 10000");
      }
      if (warmup < 0 || warmup > 1000) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--warmup must be between 0 and 1000");
      }
      byte[] id = new byte[4];
      new SecureRandom().nextBytes(id);
      String prefix = "bench-latency/" + HexFormat.of().formatHex(id) + "/";
      byte[] body = new byte[1024];
      new SecureRandom().nextBytes(body);
      var config =
          new SdkS3Target.Config(
              endpoint, region, keyId, secret, bucket, 1, Duration.ofMinutes(1), false, false);
      List<LatencySummary> results = new ArrayList<>();
      try (SdkS3Target s3 = new SdkS3Target(config)) {
        s3.ensureBucket();
        String readKey = prefix + "read";
        s3.put(readKey, body.length, () -> new java.io.ByteArrayInputStream(body));
        results.add(time("GetObject", () -> s3.get(readKey, () -> {})));
        int[] n = {0};
        results.add(
            time(
                "PutObject",
                () ->
                    s3.put(
                        prefix + "put-" + n[0]++,
                        body.length,
                        () -> new java.io.ByteArrayInputStream(body))));
        results.add(time("ListObjects", () -> s3.list(prefix, 100)));
        results.add(time("ListBuckets", s3::listBuckets));
        int[] d = {0};
        results.add(time("RemoveObject", () -> s3.delete(prefix + "put-" + d[0]++)));
        s3.delete(readKey);
      }
      Optional<Duration> r = Optional.ofNullable(rtt);
      for (LatencySummary s : results) {
        System.out.println(s.line(r));
      }
      return 0;
    }

    private interface Request {
      void send() throws Exception;
    }

    /**
     * {@code --warmup} unmeasured requests, then {@code --count} measured ones. PutObject and
     * RemoveObject number their keys across both, so every key put is removed.
     */
    private LatencySummary time(String operation, Request request) throws Exception {
      for (int i = 0; i < warmup; i++) {
        request.send();
      }
      List<Long> nanos = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long started = System.nanoTime();
        request.send();
        nanos.add(System.nanoTime() - started);
      }
      return LatencySummary.of(operation, nanos);
    }
  }
}
