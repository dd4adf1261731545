package dev.remise.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operating-system side of a dev cluster: starting {@code remise} processes detached from this
 * JVM, signalling them (SIGTERM with a grace period, or SIGKILL as a crash) and waiting for them to
 * exit. A process is known by its pid and start time ({@link DevClusterState.Proc#alive()}), so a
 * recycled pid is never signalled, and a zombie counts as gone.
 */
final class DevClusterProcesses {
  /** How long a process gets to exit after SIGTERM before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final InstantSource clock;
  private final PrintStream progress;

  DevClusterProcesses(InstantSource clock, PrintStream progress) {
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Starts {@code remise <args>} with this JVM's java and class path, detached: its own session
   * when {@code setsid} exists (so a Ctrl-C meant for the CLI does not reach it), stdin from
   * /dev/null, output appended to its log. Returns {@code p} with the new pid and start time.
   */
  DevClusterState.Proc spawn(DevClusterState.Proc p) throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    String opts = System.getenv("REMISE_JAVA_OPTS");
    if (opts != null && !opts.isBlank()) {
      command.addAll(List.of(opts.strip().split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Remise.class.getName());
    command.addAll(p.args());
    File log = new File(p.log());
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .redirectErrorStream(true)
            .start();
    String startedAt = process.info().startInstant().map(Instant::toString).orElse(null);
    return p.withProcess(process.pid(), startedAt);
  }

  /**
   * SIGTERM to every live process of {@code processes}, then SIGKILL to those still alive after
   * {@link #STOP_GRACE}. Returns how many were alive.
   */
  int stop(List<DevClusterState.Proc> processes) throws InterruptedException {
    List<ProcessHandle> alive = new ArrayList<>();
    for (DevClusterState.Proc p : processes) {
      p.alive().ifPresent(alive::add);
    }
    alive.forEach(ProcessHandle::destroy);
    awaitExit(alive, STOP_GRACE);
    List<ProcessHandle> stragglers = alive.stream().filter(DevClusterProcesses::running).toList();
    if (!stragglers.isEmpty()) {
      progress.println(stragglers.size() + " process(es) ignored SIGTERM: killing them");
      stragglers.forEach(ProcessHandle::destroyForcibly);
      awaitExit(stragglers, KILL_WAIT);
    }
    return alive.size();
  }

  /** {@link #stop} that gives up quietly when interrupted: the clean-up after a failure. */
  void stopQuietly(List<DevClusterState.Proc> processes) {
    try {
      stop(processes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL, as a crash: the process gets no chance to finish anything. False if not running. */
  boolean kill(DevClusterState.Proc p) throws InterruptedException {
    Optional<ProcessHandle> h = p.alive();
    if (h.isEmpty()) {
      return false;
    }
    h.get().destroyForcibly();
    awaitExit(List.of(h.get()), KILL_WAIT);
    return true;
  }

  private void awaitExit(List<ProcessHandle> handles, Duration grace) throws InterruptedException {
    Instant deadline = clock.instant().plus(grace);
    while (handles.stream().anyMatch(DevClusterProcesses::running)
        && clock.instant().isBefore(deadline)) {
      Thread.sleep(POLL);
    }
  }

  /**
   * Alive and not a zombie: a process whose parent (the {@code start} that spawned it) is gone
   * stays a zombie until its new parent reaps it, which some container inits never do.
   */
  private static boolean running(ProcessHandle h) {
    return h.isAlive() && !DevClusterState.zombie(h.pid());
  }

  /** A process of the cluster that exited is a failure now, not at the end of a wait. */
  static void checkAlive(List<DevClusterState.Proc> watched) {
    for (DevClusterState.Proc p : watched) {
      if (p.pid() > 0 && p.alive().isEmpty()) {
        throw new DevCluster.DevClusterException(
            p.name() + " (pid " + p.pid() + ") exited; its log is " + p.log() + tail(p.log()));
      }
    }
  }

  /** The last lines of a log, to show with an error. */
  static String tail(String log) {
    try {
      List<String> lines = Files.readAllLines(Path.of(log), StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
      return last.isEmpty()
          ? ""
          : "\n--- last lines of " + log + " ---\n" + String.join("\n", last);
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }
}
