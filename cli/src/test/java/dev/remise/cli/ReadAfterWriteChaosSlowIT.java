package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.cli.check.CheckReport;
import dev.remise.cli.check.Gateway;
import dev.remise.cli.check.Operation;
import dev.remise.cli.check.ReadAfterWriteChecker;
import dev.remise.cli.check.ReadAfterWriteReport;
import dev.remise.cli.check.ReadAfterWriteWorkload;
import dev.remise.cli.check.S3Gateway;
import dev.remise.sigv4.SigV4Signer;
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read-after-write promise under chaos, on real processes (run with {@code -Pslow}): 16 clients
 * of {@link ReadAfterWriteWorkload} read, write and delete through every node's S3 gateway of a
 * 3-node RF 3 dev cluster while a driver thread kills a node, restarts it, adds a fourth node and
 * moves node 3's role to it. In {@code consistent} mode no read may miss an acknowledged write; in
 * {@code dangerous} mode (one copy read and written, this node's first) a node that was down while
 * the others took writes answers stale reads once back, until anti-entropy or a new write of the
 * key repairs it, which the same check must catch, or it proves nothing.
 *
 * <p>Operations through a gateway that is down (node 2 while killed, node 4 before it starts, node
 * 3 once removed) fail at once and count as failed, never as violations. The clients are held to a
 * rate (80 and 50 operations a second) so that every chaos step happens while they run, on any
 * machine: unthrottled, 16 clients finish 20,000 operations in about 90 s on two cores, while a
 * node takes 30 to 70 s to start under that load. Everything is bounded: the workload by its
 * operation count and duration, each request by its timeout, each driver step by the dev cluster's
 * own timeouts. The figures are printed for the record.
 */
class ReadAfterWriteChaosSlowIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path tmp;
  private final List<Path> clusters = new ArrayList<>();

  @AfterEach
  void stopClusters() throws Exception {
    for (Path dir : clusters) {
      CliRun.Result info = CliRun.run("dev-cluster", "info", "--dir", dir.toString());
      CliRun.run("dev-cluster", "stop", "--dir", dir.toString());
      DevClusterIT.keepLogs(
          dir,
          Path.of(
              "target",
              "dev-cluster-logs",
              "ReadAfterWriteChaosSlowIT",
              dir.getFileName().toString()));
      if (info.exit() == 0) {
        // Whatever ignored the stop must not outlive the build.
        JsonNode state = JSON.readTree(info.out());
        ProcessHandle.of(state.path("layoutAdmin").path("pid").asLong())
            .ifPresent(ProcessHandle::destroyForcibly);
        for (String list : List.of("nodes", "removedNodes")) {
          state
              .path(list)
              .forEach(
                  n ->
                      ProcessHandle.of(n.path("process").path("pid").asLong())
                          .ifPresent(ProcessHandle::destroyForcibly));
        }
      }
    }
  }

  @Test
  void consistentModeMissesNoWriteThroughAKillARestartAndALayoutChange() throws Exception {
    Path dir = tmp.resolve("consistent");
    JsonNode cluster = start(dir, "consistent");
    // Node 4 does not exist yet: its gateway refuses connections until add-node starts it.
    List<String> endpoints = new ArrayList<>(endpoints(cluster));
    String last = cluster.path("nodes").get(2).path("address").asString();
    String[] octets = last.split("\\.");
    String fourth =
        octets[0] + "." + octets[1] + "." + octets[2] + "." + (Integer.parseInt(octets[3]) + 1);
    endpoints.add(
        "http://" + fourth + ":" + cluster.path("nodes").get(2).path("ports").path("s3").asInt());

    Chaos chaos = new Chaos(cluster);
    Outcome outcome =
        run(
            "consistent",
            cluster,
            endpoints,
            new ReadAfterWriteWorkload.Settings(
                16, 200, 20_000, Duration.ofMinutes(15), seed(), 80),
            chaos,
            () -> {
              chaos.sleep(Duration.ofSeconds(5));
              chaos.cli("dev-cluster", "kill", "2", "--dir", dir.toString());
              chaos.sleep(Duration.ofSeconds(10));
              chaos.cli("dev-cluster", "restart", "2", "--dir", dir.toString());
              JsonNode added =
                  JSON.readTree(
                      chaos.cli(
                          "dev-cluster", "add-node", "--dir", dir.toString(), "--zone", "dc3"));
              String node4 = added.path("nodes").get(3).path("id").asString();
              assertThat(added.path("nodes").get(3).path("s3Endpoint").asString())
                  .isEqualTo(endpoints.get(3));
              String node3 = cluster.path("nodes").get(2).path("id").asString();
              chaos.admin("layout", "assign", node4, "-z", "dc3", "-c", "100G");
              chaos.admin("layout", "remove", node3);
              chaos.admin("layout", "apply", "--version", "2");
              chaos.awaitStatus(
                  "node 4 reports layout version 2",
                  Duration.ofSeconds(60),
                  status ->
                      status
                          .path("nodes")
                          .valueStream()
                          .anyMatch(
                              n ->
                                  n.path("id").asString().equals(node4)
                                      && n.path("isUp").asBoolean()
                                      && n.path("layoutVersion").asLong() >= 2));
              // Node 3 holds no role any more: stop it for good, its gateway fails from now on.
              chaos.cli("dev-cluster", "remove-node", "3", "--dir", dir.toString());
              chaos.noteEndOfTransition(Duration.ofSeconds(60));
            });

    assertThat(outcome.chaosDone()).as("every chaos step ran while the clients ran").isTrue();
    assertThat(outcome.report().operations()).isGreaterThanOrEqualTo(20_000);
    assertThat(outcome.report().violations())
        .as("reads that missed an acknowledged write; history in " + outcome.history())
        .isEmpty();
  }

  @Test
  void dangerousModeServesStaleReadsFromANodeThatWasDown() throws Exception {
    Path dir = tmp.resolve("dangerous");
    // Anti-entropy would repair node 2 20 s after it starts, about when its gateway begins to serve
    // under this load: delayed past the run, node 2 stays stale until each key is written again.
    JsonNode cluster =
        start(dir, "dangerous", "--node-property", "remise.metadata.anti-entropy-first-delay=10m");
    Chaos chaos = new Chaos(cluster);
    Outcome outcome =
        run(
            "dangerous",
            cluster,
            endpoints(cluster),
            new ReadAfterWriteWorkload.Settings(16, 200, 6_000, Duration.ofMinutes(5), seed(), 50),
            chaos,
            () -> {
              chaos.sleep(Duration.ofSeconds(3));
              chaos.cli("dev-cluster", "kill", "2", "--dir", dir.toString());
              chaos.sleep(Duration.ofSeconds(15));
              chaos.cli("dev-cluster", "restart", "2", "--dir", dir.toString());
            });

    assertThat(outcome.chaosDone()).as("every chaos step ran while the clients ran").isTrue();
    assertThat(outcome.report().operations()).isEqualTo(6_000);
    assertThat(outcome.report().violations())
        .as("stale reads from node 2, which missed the writes of its 15 s down")
        .isNotEmpty();
  }

  /** What a run found, and whether the chaos was over before the clients stopped. */
  private record Outcome(CheckReport report, boolean chaosDone, Path history) {}

  /** One chaos step; a failure ends the chaos and fails the test after the workload. */
  @FunctionalInterface
  private interface Steps {
    void run() throws Exception;
  }

  /**
   * Runs the workload on this thread and {@code steps} on another, then checks the history, prints
   * the figures and the chaos timeline, and keeps the history in {@code target/chaos/}.
   */
  private Outcome run(
      String name,
      JsonNode cluster,
      List<String> endpoints,
      ReadAfterWriteWorkload.Settings settings,
      Chaos driverSteps,
      Steps steps)
      throws Exception {
    SigV4Signer signer =
        new SigV4Signer(
            cluster.path("region").asString(),
            "s3",
            cluster.path("accessKeyId").asString(),
            cluster.path("secretAccessKey").asString());
    ReadAfterWriteWorkload.Run run;
    AtomicBoolean workloadOver = new AtomicBoolean();
    CompletableFuture<Boolean> chaos = new CompletableFuture<>();
    Timeline timeline = new Timeline();
    driverSteps.timeline = timeline;
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT)
            .build()) {
      List<Gateway> gateways = new ArrayList<>();
      for (String e : endpoints) {
        gateways.add(
            new S3Gateway(
                URI.create(e),
                cluster.path("bucket").asString(),
                signer,
                http,
                REQUEST_TIMEOUT,
                Clock.systemUTC()));
      }
      Thread driver =
          Thread.ofPlatform()
              .name("chaos-" + name)
              .start(
                  () -> {
                    try {
                      steps.run();
                      timeline.add("chaos over");
                      chaos.complete(!workloadOver.get());
                    } catch (Throwable t) {
                      timeline.add("chaos failed: " + t);
                      chaos.completeExceptionally(t);
                    }
                  });
      timeline.add("clients start");
      run = new ReadAfterWriteWorkload(settings, gateways, System::nanoTime).run();
      workloadOver.set(true);
      timeline.add("clients stopped");
      // A step still waiting (a restart, add-node) ends within the dev cluster's own timeouts.
      driver.join(Duration.ofMinutes(5));
    }
    CheckReport report = ReadAfterWriteChecker.check(run.operations());
    Path history = keepHistory(name, run);

    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("mode", name);
    parameters.put("endpoints", endpoints);
    parameters.put("clients", settings.clients());
    parameters.put("keys", settings.keys());
    parameters.put("seed", settings.seed());
    parameters.put("chaos", timeline.events());
    Map<String, Object> summary = ReadAfterWriteReport.summary(parameters, run, report, 10);
    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    System.out.printf(
        "read-after-write chaos (%s): %d operations (%d reads, %d writes: %d puts, %d deletes),"
            + " %d failed, %d violations, in %.1f s%n",
        name,
        report.operations(),
        report.gets(),
        report.puts() + report.deletes(),
        report.puts(),
        report.deletes(),
        report.failed(),
        report.violations().size(),
        run.elapsed().toMillis() / 1000.0);

    boolean chaosDone;
    try {
      chaosDone = chaos.get(1, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("a chaos step failed: " + e.getCause(), e.getCause());
    }
    return new Outcome(report, chaosDone, history);
  }

  private static Path keepHistory(String name, ReadAfterWriteWorkload.Run run) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "chaos"));
    Path file = dir.resolve(name + "-history.jsonl");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Operation op :
          run.operations().stream().sorted(Comparator.comparingLong(Operation::start)).toList()) {
        out.write(JSON.writeValueAsString(ReadAfterWriteReport.operation(op)));
        out.newLine();
      }
    }
    return file.toAbsolutePath();
  }

  /** The driver's actions, each timed from the moment it started the clients. */
  private static final class Timeline {
    private final long origin = System.nanoTime();
    private final List<String> events = new ArrayList<>();

    synchronized void add(String event) {
      events.add(
          String.format(
              "%6.1f s %s", (System.nanoTime() - origin) / 1e9, event.replace('\n', ' ')));
    }

    synchronized List<String> events() {
      return List.copyOf(events);
    }
  }

  /** The driver's steps: CLI commands on the cluster, each bounded, each recorded. */
  private final class Chaos {
    private final JsonNode cluster;
    private volatile Timeline timeline = new Timeline();

    Chaos(JsonNode cluster) {
      this.cluster = cluster;
    }

    void sleep(Duration d) throws InterruptedException {
      Thread.sleep(d);
    }

    /** Runs {@code remise args}, which must succeed; returns its stdout. */
    String cli(String... args) {
      String command = String.join(" ", args);
      int admin = command.indexOf(" --admin-url");
      String shown = admin < 0 ? command : command.substring(0, admin);
      timeline.add(shown);
      CliRun.Result r = CliRun.run(args);
      timeline.add("  done: " + shown);
      assertThat(r.exit()).as(command + ": " + r.err()).isZero();
      return r.out();
    }

    /** {@link #cli} with the cluster's admin endpoint and token. */
    String admin(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(
          List.of(
              "--admin-url",
              cluster.path("adminEndpoint").asString(),
              "--admin-token",
              cluster.path("adminToken").asString()));
      return cli(all.toArray(String[]::new));
    }

    /**
     * Records when version 1 stops being read and written (no version Draining any more), if it
     * happens within {@code within}; the check holds either way, this only says which it saw.
     */
    void noteEndOfTransition(Duration within) throws Exception {
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        JsonNode history = client().get("GetClusterLayoutHistory");
        if (history
            .path("versions")
            .valueStream()
            .noneMatch(v -> v.path("status").asString().equals("Draining"))) {
          timeline.add("layout transition over: version 1 no longer draining");
          return;
        }
        Thread.sleep(500);
      }
      timeline.add("layout transition still under way after " + within.toSeconds() + " s");
    }

    private AdminClient client() {
      return new AdminClient(
          URI.create(cluster.path("adminEndpoint").asString()),
          cluster.path("adminToken").asString());
    }

    void awaitStatus(String what, Duration within, Predicate<JsonNode> ok) throws Exception {
      AdminClient client = client();
      long deadline = System.nanoTime() + within.toNanos();
      JsonNode status = client.get("GetClusterStatus");
      while (!ok.test(status)) {
        assertThat(System.nanoTime()).as(what + "; last status: " + status).isLessThan(deadline);
        Thread.sleep(200);
        status = client.get("GetClusterStatus");
      }
      timeline.add(what);
    }
  }

  private JsonNode start(Path dir, String mode, String... more) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String first = "127." + random.nextInt(100, 250) + "." + random.nextInt(0, 256) + ".11";
    clusters.add(dir);
    String[] startArgs = {
      "dev-cluster",
      "start",
      "--nodes",
      "3",
      "--dir",
      dir.toString(),
      "--first-address",
      first,
      "--heartbeat-interval",
      "500ms",
      "--node-up-timeout",
      "3s",
      "--consistency-mode",
      mode,
      "--timeout",
      "120s"
    };
    List<String> args = new ArrayList<>(List.of(startArgs));
    args.addAll(List.of(more));
    CliRun.Result started = CliRun.run(args.toArray(String[]::new));
    assertThat(started.exit()).as(started.err()).isZero();
    return JSON.readTree(started.out());
  }

  private static List<String> endpoints(JsonNode cluster) {
    return cluster.path("nodes").valueStream().map(n -> n.path("s3Endpoint").asString()).toList();
  }

  private static long seed() {
    return ThreadLocalRandom.current().nextLong();
  }
}
