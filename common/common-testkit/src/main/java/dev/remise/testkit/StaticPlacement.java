package dev.remise.testkit;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutHistory;
import dev.remise.replication.ConsistencyMode;
import dev.remise.replication.LayoutView;
import dev.remise.rpc.BlockNodes;
import dev.remise.rpc.PlacedWrite;
import dev.remise.rpc.TablePlacement;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TablePlacement} over a layout history the test sets (and changes at will), with node
 * addresses {@code http://node-<last 12 hex digits of the id>}. No ack locks: tests of ack locks
 * use {@link dev.remise.rpc.NodeLayout}.
 */
public final class StaticPlacement implements TablePlacement, BlockNodes {
  private final NodeId self;
  private final ConsistencyMode mode;
  private final Map<NodeId, URI> addresses = new ConcurrentHashMap<>();
  private volatile LayoutView view;

  public StaticPlacement(NodeId self, LayoutHistory history, ConsistencyMode mode) {
    this.self = self;
    this.mode = mode;
    setHistory(history);
  }

  /** The address a node of this placement answers at. */
  public static URI addressOf(NodeId node) {
    return URI.create("http://node-" + node.hex().substring(52));
  }

  public void setHistory(LayoutHistory history) {
    this.view = LayoutView.of(history, mode);
    history.activeNodes().forEach(n -> addresses.putIfAbsent(n, addressOf(n)));
  }

  /** Makes {@code node} answer at {@code address} instead, e.g. a real server on a free port. */
  public StaticPlacement withAddress(NodeId node, URI address) {
    addresses.put(node, address);
    return this;
  }

  public LayoutHistory history() {
    return view.history();
  }

  @Override
  public Optional<NodeId> self() {
    return Optional.ofNullable(self);
  }

  @Override
  public LayoutView view() {
    return view;
  }

  @Override
  public PlacedWrite beginWrite() {
    return PlacedWrite.unlocked(view);
  }

  @Override
  public Optional<URI> address(NodeId node) {
    return Optional.ofNullable(addresses.get(node));
  }
}
