package dev.remise.block;

import dev.remise.core.Hash;
import dev.remise.datablock.DataBlock;
import dev.remise.datablock.DataBlock.BlockFormat;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.table.EntryBatch;
import java.io.IOException;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * What this node does for each {@link dev.remise.rpc.BlockRpc} call, whether it came over HTTP
 * ({@link BlockRpcController}) or from a role of the same process ({@link InProcessBlockRpc}).
 * Failures are thrown as they are; each caller maps them once, {@link BlockRpcError#of} deciding
 * the status.
 */
final class BlockRpcHandler {
  private static final int PARTITIONS = 256;

  private final BlockManager blocks;
  private final BlockRefStore refs;
  private final int maxBlockBytes;

  BlockRpcHandler(BlockManager blocks, BlockRefStore refs, BlockNodeProperties properties) {
    this.blocks = blocks;
    this.refs = refs;
    this.maxBlockBytes = (int) properties.maxBlockSize().toBytes();
  }

  /** The largest body a call may carry. */
  int maxBlockBytes() {
    return maxBlockBytes;
  }

  /** Stores a block given in the form {@code format} names (plain when null). */
  void putBlock(String hashHex, String format, byte[] data) throws IOException, RocksDBException {
    if (data.length > maxBlockBytes) {
      throw tooLarge();
    }
    blocks.putBlock(Hash.fromHex(hashHex), DataBlock.of(BlockFormat.parse(format), data));
  }

  /** The verified block in its stored form. */
  DataBlock readBlock(String hashHex) throws IOException, RocksDBException {
    Hash h = Hash.fromHex(hashHex);
    return blocks
        .readBlock(h)
        .orElseThrow(
            () ->
                new BlockRpcException(
                    BlockRpcError.NO_SUCH_BLOCK, "block " + h + " is not on this node"));
  }

  /** Whether this node references the block and lacks its data (NeedBlockQuery). */
  boolean needed(String hashHex) throws RocksDBException {
    return blocks.needs(Hash.fromHex(hashHex));
  }

  /** Merges a batch of block_ref entries; the whole batch is decoded first. */
  void insertRefs(byte[] entryBatch) throws RocksDBException {
    blocks.insertRefs(decode(entryBatch));
  }

  /** As {@link #insertRefs}, from a peer's anti-entropy or offload: missing blocks at once. */
  void syncRefs(byte[] entryBatch) throws RocksDBException {
    blocks.syncRefs(decode(entryBatch));
  }

  /** Table GC's second phase: the given tombstones leave this node if stored exactly so. */
  void deleteRefsIfEqual(byte[] entryBatch) throws RocksDBException {
    List<byte[]> entries = EntryBatch.decode(entryBatch);
    for (byte[] e : entries) {
      BlockRefTable.INSTANCE.decode(e); // refused before anything is removed
    }
    refs.removeHandedOver(entries);
  }

  /** The 256 sub-range digests of a partition's block_ref entries, 32 bytes each. */
  byte[] digests(int partition) throws RocksDBException {
    return refs.digests(checkPartition(partition));
  }

  /** The entries of one sub-range of a partition, as an {@link EntryBatch}. */
  byte[] entries(int partition, int subRange) throws RocksDBException {
    if (subRange < 0 || subRange >= BlockRefStore.SUB_RANGES) {
      throw new IllegalArgumentException(
          "sub-range must be between 0 and " + (BlockRefStore.SUB_RANGES - 1));
    }
    return EntryBatch.encode(refs.entries(checkPartition(partition), subRange));
  }

  BlockRpcException tooLarge() {
    return new BlockRpcException(
        BlockRpcError.ENTITY_TOO_LARGE, "request body exceeds " + maxBlockBytes + " bytes");
  }

  private static int checkPartition(int partition) {
    if (partition < 0 || partition >= PARTITIONS) {
      throw new IllegalArgumentException("partition must be between 0 and " + (PARTITIONS - 1));
    }
    return partition;
  }

  private static List<BlockRef> decode(byte[] body) {
    return EntryBatch.decode(body).stream().map(BlockRefTable.INSTANCE::decode).toList();
  }
}
