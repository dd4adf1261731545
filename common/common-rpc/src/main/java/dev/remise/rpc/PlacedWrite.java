package dev.remise.rpc;

import dev.remise.replication.AckLocks;
import dev.remise.replication.LayoutView;

/**
 * A table write's placement: the layout view its write sets come from, and the ack lock it holds
 * until its quorum call returns (garage-internals §9, point 4). A placement without ack trackers
 * (layout-admin, tests) holds no lock.
 */
public record PlacedWrite(LayoutView view, AckLocks.Guard ackLock) implements AutoCloseable {

  public static PlacedWrite unlocked(LayoutView view) {
    return new PlacedWrite(view, null);
  }

  @Override
  public void close() {
    if (ackLock != null) {
      ackLock.close();
    }
  }
}
