package dev.remise.metadata.scenario;

import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.LocalTablesRpc;
import dev.remise.metadata.table.Tables;
import dev.remise.rpc.GcRpc;
import dev.remise.rpc.SyncRpc;
import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import dev.remise.testkit.RoutedTableRpc;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The internal RPCs between in-process metadata nodes (table, sync and GC calls, as their
 * controllers serve them, without HTTP), with one fault model for all of them: nodes that are down
 * (a crashed node refuses every call, and makes none), links cut between two nodes, and a share of
 * messages lost. A lost message fails the call; whether the target applied it first is drawn too,
 * since a reply can be lost after the work is done. Every draw comes from one seeded {@link
 * Random}, and calls run on the caller's thread, so a scenario replays exactly with its seed.
 *
 * <p>{@link #beforeFirst} runs an action when a chosen message is about to be delivered: how a
 * scenario puts a layout change or a crash in the middle of a write.
 */
final class ScenarioNetwork {
  /** One call, as the trigger and the log see it. */
  record Message(URI from, URI to, String call, String table) {}

  private final Function<URI, Tables> nodes;
  private final Random random;
  private final Set<URI> down = new HashSet<>();
  private final Set<String> cuts = new HashSet<>();
  private double lossRate;
  private Predicate<Message> trigger;
  private Runnable action;
  final List<Message> log = new ArrayList<>();
  int lost;

  /**
   * @param nodes the tables of the node at an address (resolved at each call, so a restarted node
   *     answers with its reopened store)
   */
  ScenarioNetwork(long seed, Function<URI, Tables> nodes) {
    this.random = new Random(seed);
    this.nodes = nodes;
  }

  void setDown(URI node, boolean isDown) {
    if (isDown) {
      down.add(node);
    } else {
      down.remove(node);
    }
  }

  /** No call gets through between {@code a} and {@code b}, in either direction. */
  void cut(URI a, URI b) {
    cuts.add(a + " " + b);
    cuts.add(b + " " + a);
  }

  void heal() {
    cuts.clear();
  }

  void setLossRate(double rate) {
    this.lossRate = rate;
  }

  /**
   * Runs {@code action} once, just before the first message matching {@code when} is delivered (the
   * message is then delivered, or not, under the faults in force after the action).
   */
  void beforeFirst(Predicate<Message> when, Runnable action) {
    this.trigger = when;
    this.action = action;
  }

  boolean triggerPending() {
    return trigger != null;
  }

  private <T> T deliver(URI from, URI to, String call, String table, Supplier<T> handler) {
    Message m = new Message(from, to, call, table);
    if (trigger != null && trigger.test(m)) {
      Runnable a = action;
      trigger = null;
      action = null;
      a.run();
    }
    log.add(m);
    if (down.contains(to) || down.contains(from)) {
      throw unreachable(to, "node down");
    }
    if (cuts.contains(from + " " + to)) {
      throw unreachable(to, "link cut");
    }
    boolean isLost = lossRate > 0 && random.nextDouble() < lossRate;
    if (isLost) {
      lost++;
      if (random.nextBoolean()) {
        handler.get(); // applied, but the reply is lost
      }
      throw unreachable(to, "message lost");
    }
    return handler.get();
  }

  private static RuntimeException unreachable(URI node, String why) {
    feign.Request request =
        feign.Request.create(
            feign.Request.HttpMethod.POST,
            node.toString(),
            Map.of(),
            null,
            StandardCharsets.UTF_8,
            null);
    return new feign.RetryableException(
        -1, why + ": " + node, feign.Request.HttpMethod.POST, (Long) null, request);
  }

  private LocalTable<?> table(URI node, String table) {
    return nodes.apply(node).get(table);
  }

  /** The table RPCs as {@code caller} makes them. */
  TableRpc tableRpc(URI caller) {
    return RoutedTableRpc.of(
        node -> LocalTablesRpc.of(nodes.apply(node)),
        (node, call, table, onNode) -> deliver(caller, node, call, table, onNode::get));
  }

  /** The anti-entropy RPCs as {@code caller} makes them. */
  SyncRpc syncRpc(URI caller) {
    return new SyncRpc() {
      @Override
      public byte[] rootHash(URI node, String table, int partition) {
        return deliver(
            caller,
            node,
            "root",
            table,
            () -> table(node, table).merkle().rootHash(partition).bytes());
      }

      @Override
      public byte[] node(URI node, String table, int partition, String prefixHex) {
        return deliver(
            caller,
            node,
            "node",
            table,
            () ->
                table(node, table)
                    .merkle()
                    .node(partition, HexFormat.of().parseHex(prefixHex))
                    .encode());
      }

      @Override
      public void items(URI node, String table, byte[] entryBatch) {
        deliver(
            caller,
            node,
            "items",
            table,
            () -> {
              table(node, table).insertEncoded(EntryBatch.decode(entryBatch));
              return null;
            });
      }
    };
  }

  /** The second phase of table GC as {@code caller} makes it. */
  GcRpc gcRpc(URI caller) {
    return (node, table, items) ->
        deliver(
            caller,
            node,
            "gcDelete",
            table,
            () -> {
              LocalTable<?> t = table(node, table);
              for (GcRpc.Item i : GcRpc.Item.decode(items)) {
                t.deleteIfEqualHash(i.storageKey(), i.hash());
              }
              return null;
            });
  }

  private static byte[] decode(String s) {
    return s == null ? new byte[0] : Base64.getUrlDecoder().decode(s);
  }
}
