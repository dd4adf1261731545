package dev.remise.rpc;

import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutHistory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * layout-admin's {@link ClusterRpc} in memory: answers heartbeats with the digest of the history it
 * holds, serves that history, and records what it was sent and how often it was pulled.
 */
final class FakeLayoutAdmin implements ClusterRpc {
  final List<Heartbeat> heartbeats = new ArrayList<>();
  LayoutHistory history;
  int pulls;
  int received;
  PeerList peers = new PeerList(List.of());
  int peerPulls;

  FakeLayoutAdmin(LayoutHistory history) {
    this.history = history;
  }

  @Override
  public byte[] heartbeat(URI layoutAdmin, byte[] heartbeatJson) {
    heartbeats.add(ClusterJson.decode(heartbeatJson, Heartbeat.class));
    return ClusterJson.encode(
        new HeartbeatReply(history.current().version(), history.digest().hex(), peers.digest()));
  }

  @Override
  public byte[] layout(URI layoutAdmin) {
    pulls++;
    return LayoutCodec.encode(history);
  }

  @Override
  public byte[] peers(URI layoutAdmin) {
    peerPulls++;
    return ClusterJson.encode(peers);
  }

  @Override
  public void advertiseClusterLayout(URI layoutAdmin, byte[] sent) {
    received++;
    history = history.mergeChecked(LayoutCodec.decode(sent));
  }
}
