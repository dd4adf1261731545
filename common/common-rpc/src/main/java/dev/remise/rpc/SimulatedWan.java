package dev.remise.rpc;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A wide-area network between zones, simulated inside the process: these machines have no {@code tc
 * netem}, so the dev cluster's geo benchmarks (issue 6) delay the messages themselves. Every
 * internal call this process sends to a host of another zone waits half a round trip before it
 * leaves and half a round trip after its answer arrives, each half drawn uniformly from {@code
 * rtt/2 ± jitter/2}; a round trip between two zones therefore lasts {@code rtt ± jitter}, {@code
 * rtt} on average. Calls within a zone, and to hosts the map does not name (layout-admin, which is
 * not on any request's path), are not delayed. Bandwidth is not limited: a streamed block arrives
 * at loopback speed once its first byte has waited.
 *
 * <p>The caller's side does all the waiting, so one process's setting covers both directions of its
 * calls; every process of the cluster carries the same map and its own {@code zone}. A gateway runs
 * in its node's process and so counts as in its node's zone.
 *
 * @param zone the zone of this process
 * @param zoneOfHost the zone of every node's host (an address as it appears in internal URLs)
 */
public record SimulatedWan(
    String zone, Duration rtt, Duration jitter, Map<String, String> zoneOfHost) {

  /**
   * The system property {@code remise server --simulated-wan} sets before any role starts; {@link
   * RpcClients} reads it when it builds a client.
   */
  public static final String PROPERTY = "remise.simulated-wan";

  /** How a call waits; a test replaces it to see the delays without spending them. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  public SimulatedWan {
    if (zone == null || zone.isBlank()) {
      throw new IllegalArgumentException("the simulated WAN needs this process's zone");
    }
    if (rtt.isNegative() || jitter.isNegative() || jitter.compareTo(rtt) > 0) {
      throw new IllegalArgumentException(
          "the simulated WAN needs 0 <= jitter <= rtt, got rtt " + rtt + " and jitter " + jitter);
    }
    zoneOfHost = Map.copyOf(zoneOfHost);
  }

  /** The setting of this process, if {@link #PROPERTY} is set. */
  public static Optional<SimulatedWan> configured() {
    String spec = System.getProperty(PROPERTY);
    return spec == null || spec.isBlank() ? Optional.empty() : Optional.of(parse(spec));
  }

  /**
   * Reads {@link #spec()}'s form: {@code zone=dc1;rtt-ms=100;jitter-ms=20;hosts=127.0.0.2:dc1,...}.
   *
   * @throws IllegalArgumentException when a part is missing or malformed
   */
  public static SimulatedWan parse(String spec) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : spec.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("simulated WAN: expected key=value, got '" + part + "'");
      }
      parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    Map<String, String> hosts = new LinkedHashMap<>();
    String hostList = required(parts, "hosts");
    if (!hostList.isEmpty()) {
      for (String entry : hostList.split(",")) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
          throw new IllegalArgumentException(
              "simulated WAN: expected host:zone, got '" + entry + "'");
        }
        hosts.put(entry.substring(0, colon), entry.substring(colon + 1));
      }
    }
    return new SimulatedWan(
        required(parts, "zone"),
        Duration.ofMillis(millis(parts, "rtt-ms")),
        Duration.ofMillis(millis(parts, "jitter-ms")),
        hosts);
  }

  private static String required(Map<String, String> parts, String key) {
    String value = parts.get(key);
    if (value == null) {
      throw new IllegalArgumentException("simulated WAN: missing " + key);
    }
    return value;
  }

  private static long millis(Map<String, String> parts, String key) {
    try {
      return Long.parseLong(required(parts, key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("simulated WAN: " + key + " must be whole milliseconds");
    }
  }

  /** The form {@link #parse} reads, to pass on a command line. */
  public String spec() {
    return "zone="
        + zone
        + ";rtt-ms="
        + rtt.toMillis()
        + ";jitter-ms="
        + jitter.toMillis()
        + ";hosts="
        + zoneOfHost.entrySet().stream()
            .map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /** This process's setting with another zone: each process of a cluster has its own. */
  public SimulatedWan inZone(String otherZone) {
    return new SimulatedWan(otherZone, rtt, jitter, zoneOfHost);
  }

  /** One direction's delay towards {@code host}: zero within the zone or for an unknown host. */
  Duration oneWay(String host, RandomGenerator random) {
    String other = zoneOfHost.get(host);
    if (other == null || other.equals(zone)) {
      return Duration.ZERO;
    }
    long halfRtt = rtt.toNanos() / 2;
    long halfJitter = jitter.toNanos() / 2;
    long offset = halfJitter == 0 ? 0 : random.nextLong(-halfJitter, halfJitter + 1);
    return Duration.ofNanos(halfRtt + offset);
  }

  /** {@code delegate} with every call to another zone delayed. */
  public Client wrap(Client delegate) {
    return wrap(delegate, Thread::sleep);
  }

  Client wrap(Client delegate, Sleeper sleeper) {
    return new Delayed(delegate, sleeper);
  }

  private final class Delayed implements Client {
    private final Client delegate;
    private final Sleeper sleeper;

    Delayed(Client delegate, Sleeper sleeper) {
      this.delegate = delegate;
      this.sleeper = sleeper;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
      String host = URI.create(request.url()).getHost();
      pause(oneWay(host, ThreadLocalRandom.current()));
      Response response = delegate.execute(request, options);
      pause(oneWay(host, ThreadLocalRandom.current()));
      return response;
    }

    private void pause(Duration delay) throws IOException {
      if (delay.isZero()) {
        return;
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the simulated WAN delayed a call", e);
      }
    }
  }
}
