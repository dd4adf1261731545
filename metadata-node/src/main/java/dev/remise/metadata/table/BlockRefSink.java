package dev.remise.metadata.table;

import java.util.List;

/**
 * Where the insert queue sends derived block_ref writes: the block nodes, which keep block_ref
 * beside the blocks so reference counts stay local. An interface so the queue worker can be tested
 * without HTTP; the node's is a Feign client of {@code BlockRpc}.
 */
@FunctionalInterface
public interface BlockRefSink {

  /**
   * Merges the encoded {@code BlockRefTable} entries on the block nodes that must hold them;
   * returns only once every write landed and throws otherwise, so the entries stay queued.
   */
  void insertBlockRefs(List<byte[]> encodedEntries);
}
