package dev.remise.replication;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.layout.LayoutVersion;
import dev.remise.layout.Ring;
import dev.remise.layout.RingLayout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a table's entries are placed (garage-internals §3.9): {@link Sharded} over the 256 partitions
 * of a ring, or {@link FullCopy} on every node of the metadata ring, for the small tables every
 * request reads (buckets, keys, aliases). Both follow layout transitions the same way: one write
 * set per version in {@link LayoutView#writeVersions()}, reads from {@link
 * LayoutView#readVersion()}. Full copy follows Garage v2: majority quorums over all metadata nodes,
 * so a bucket change needs a majority up rather than all but one node.
 */
public sealed interface Replication {

  /** The write sets of the entry whose partition key hashes to {@code hash}. */
  WriteSets writeSets(LayoutView view, Hash hash);

  /** The nodes to read that entry from, and the read quorum. */
  ReadSet readSet(LayoutView view, Hash hash);

  /**
   * Every node that holds {@code partition} in some write version: the peers of anti-entropy and
   * the node set of tombstone GC. Full-copy tables have one partition, 0.
   */
  List<NodeId> storageNodes(LayoutView view, int partition);

  /** The partition (Merkle tree, sync unit) of an entry. */
  int partitionOf(Hash hash);

  /** One copy per ring partition's node: object, version, block_ref, multipart_upload... */
  record Sharded(Ring ring) implements Replication {
    @Override
    public WriteSets writeSets(LayoutView view, Hash hash) {
      int p = partitionOf(hash);
      List<WriteSet> sets = new ArrayList<>();
      for (LayoutVersion v : view.writeVersions()) {
        RingLayout layout = v.ring(ring);
        if (!layout.isEmpty()) {
          sets.add(
              new WriteSet(layout.nodesOf(p), view.mode().writeQuorum(layout.replicationFactor())));
        }
      }
      if (sets.isEmpty()) {
        throw noNodes(view);
      }
      return new WriteSets(sets);
    }

    @Override
    public ReadSet readSet(LayoutView view, Hash hash) {
      RingLayout layout = view.readVersion().ring(ring);
      if (layout.isEmpty()) {
        throw noNodes(view);
      }
      return new ReadSet(
          layout.nodesOf(partitionOf(hash)), view.mode().readQuorum(layout.replicationFactor()));
    }

    @Override
    public List<NodeId> storageNodes(LayoutView view, int partition) {
      Set<NodeId> nodes = new LinkedHashSet<>();
      for (LayoutVersion v : view.writeVersions()) {
        RingLayout layout = v.ring(ring);
        if (!layout.isEmpty()) {
          nodes.addAll(layout.nodesOf(partition));
        }
      }
      return List.copyOf(nodes);
    }

    @Override
    public int partitionOf(Hash hash) {
      return hash.partition().index();
    }

    private NoStorageNodesException noNodes(LayoutView view) {
      return new NoStorageNodesException(
          "the %s ring of layout version %d has no node: apply a layout with storage nodes first"
              .formatted(ring.label(), view.currentVersion()));
    }
  }

  /** Every metadata node holds everything: buckets, keys, aliases. */
  record FullCopy() implements Replication {
    @Override
    public WriteSets writeSets(LayoutView view, Hash hash) {
      List<WriteSet> sets = new ArrayList<>();
      for (LayoutVersion v : view.writeVersions()) {
        List<NodeId> nodes = v.metadataRing().nodes();
        if (!nodes.isEmpty()) {
          sets.add(new WriteSet(nodes, view.mode().writeQuorum(nodes.size())));
        }
      }
      if (sets.isEmpty()) {
        throw noNodes(view);
      }
      return new WriteSets(sets);
    }

    @Override
    public ReadSet readSet(LayoutView view, Hash hash) {
      List<NodeId> nodes = view.readVersion().metadataRing().nodes();
      if (nodes.isEmpty()) {
        throw noNodes(view);
      }
      return new ReadSet(nodes, view.mode().readQuorum(nodes.size()));
    }

    @Override
    public List<NodeId> storageNodes(LayoutView view, int partition) {
      Set<NodeId> nodes = new LinkedHashSet<>();
      for (LayoutVersion v : view.writeVersions()) {
        nodes.addAll(v.metadataRing().nodes());
      }
      return List.copyOf(nodes);
    }

    @Override
    public int partitionOf(Hash hash) {
      return 0;
    }

    private static NoStorageNodesException noNodes(LayoutView view) {
      return new NoStorageNodesException(
          "layout version %d has no metadata node: apply a layout with storage nodes first"
              .formatted(view.currentVersion()));
    }
  }
}
