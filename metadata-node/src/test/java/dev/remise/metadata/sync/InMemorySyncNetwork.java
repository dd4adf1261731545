package dev.remise.metadata.sync;

import dev.remise.metadata.table.Tables;
import dev.remise.rpc.SyncRpc;
import dev.remise.table.EntryBatch;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SyncRpc} straight onto the {@link Tables} of in-process nodes, without HTTP: what the sync
 * controller does, plus nodes that can be taken down and a log of the calls made.
 */
final class InMemorySyncNetwork implements SyncRpc {
  /** One call, as the log records it. */
  record Call(URI node, String method, String table, int items) {}

  private final Map<URI, Tables> nodes = new ConcurrentHashMap<>();
  private final Set<URI> down = new HashSet<>();
  final List<Call> calls = new ArrayList<>();

  void register(URI node, Tables tables) {
    nodes.put(node, tables);
  }

  void setDown(URI node, boolean isDown) {
    if (isDown) {
      down.add(node);
    } else {
      down.remove(node);
    }
  }

  /** Items pushed, over all calls logged. */
  int itemsPushed() {
    return calls.stream().mapToInt(Call::items).sum();
  }

  private Tables reach(URI node, String method, String table, int items) {
    if (down.contains(node)) {
      throw new IllegalStateException("connection refused: " + node);
    }
    calls.add(new Call(node, method, table, items));
    return nodes.get(node);
  }

  @Override
  public byte[] rootHash(URI node, String table, int partition) {
    return reach(node, "root", table, 0).get(table).merkle().rootHash(partition).bytes();
  }

  @Override
  public byte[] node(URI node, String table, int partition, String prefixHex) {
    return reach(node, "node", table, 0)
        .get(table)
        .merkle()
        .node(partition, HexFormat.of().parseHex(prefixHex))
        .encode();
  }

  @Override
  public void items(URI node, String table, byte[] entryBatch) {
    List<byte[]> entries = EntryBatch.decode(entryBatch);
    reach(node, "items", table, entries.size()).get(table).insertEncoded(entries);
  }
}
