package dev.remise.testkit;

import dev.remise.rpc.TableRpc;
import java.net.URI;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metadata nodes in one process, reached through the {@link TableRpc} contract as over the network,
 * with the failures a real one has: nodes that are down, links that are cut between two endpoints,
 * and messages lost at a given rate (a lost message fails the call; whether the node applied it
 * first is also drawn, since a reply can be lost after the work is done). Randomness comes from one
 * seeded {@link Random}, so a failing scenario replays exactly.
 */
public final class SimulatedNetwork {
  private final Map<URI, TableRpc> nodes = new ConcurrentHashMap<>();
  private final Set<URI> down = ConcurrentHashMap.newKeySet();
  private final Set<String> cuts = ConcurrentHashMap.newKeySet();
  private final Random random;
  private volatile double lossRate;
  private final AtomicLong calls = new AtomicLong();

  public SimulatedNetwork(long seed) {
    this.random = new Random(seed);
  }

  public void register(URI address, TableRpc node) {
    nodes.put(address, node);
  }

  /** A crashed node: every call to it fails at once, as a refused connection does. */
  public void setDown(URI node, boolean isDown) {
    if (isDown) {
      down.add(node);
    } else {
      down.remove(node);
    }
  }

  /** No call between {@code a} and {@code b} gets through, in either direction. */
  public void cut(URI a, URI b) {
    cuts.add(a + " " + b);
    cuts.add(b + " " + a);
  }

  public void heal() {
    cuts.clear();
  }

  /** The share of calls lost, 0 to 1. */
  public void setLossRate(double rate) {
    this.lossRate = rate;
  }

  /** Calls attempted so far, delivered or not. */
  public long calls() {
    return calls.get();
  }

  /** The network as seen by calls made from {@code caller}. */
  public TableRpc from(URI caller) {
    return RoutedTableRpc.of(
        this::target, (node, call, table, onNode) -> deliver(caller, node, onNode::get));
  }

  private TableRpc target(URI node) {
    TableRpc rpc = nodes.get(node);
    if (rpc == null) {
      throw unreachable(node, "no such node");
    }
    return rpc;
  }

  private interface Call<T> {
    T run();
  }

  private <T> T deliver(URI caller, URI node, Call<T> call) {
    calls.incrementAndGet();
    if (down.contains(node) || down.contains(caller)) {
      throw unreachable(node, "node down");
    }
    if (cuts.contains(caller + " " + node)) {
      throw unreachable(node, "link cut");
    }
    boolean lost;
    boolean appliedAnyway;
    synchronized (random) {
      lost = lossRate > 0 && random.nextDouble() < lossRate;
      appliedAnyway = lost && random.nextBoolean();
    }
    if (lost) {
      if (appliedAnyway) {
        call.run();
      }
      throw unreachable(node, "message lost");
    }
    return call.run();
  }

  private static RuntimeException unreachable(URI node, String why) {
    return new feign.RetryableException(
        -1,
        why + ": " + node,
        feign.Request.HttpMethod.POST,
        (Long) null,
        InMemoryTableNode.dummyRequest());
  }
}
