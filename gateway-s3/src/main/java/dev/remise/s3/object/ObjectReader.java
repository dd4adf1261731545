package dev.remise.s3.object;

import dev.remise.core.Uuid;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.TableClient;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * GetObject's data path (Garage's get.rs): the current version comes from the object entry; inline
 * data is served from it, block data is streamed block by block in (part, offset) order, each block
 * copied to the client as it arrives from the block node, so the first byte leaves before a whole
 * block is read. Ranges select the blocks that intersect them by cumulative plaintext offsets.
 */
public final class ObjectReader {
  private final TableClient tables;
  private final BlockClient blocks;

  public ObjectReader(TableClient tables, BlockClient blocks) {
    this.tables = tables;
    this.blocks = blocks;
  }

  public Optional<S3Object> object(Uuid bucketId, String key) {
    return tables.get(
        ObjectTable.INSTANCE, bucketId.asHash(), key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The version a GET of this key serves; NoSuchKey if the key has none or its latest is a delete
   * marker.
   */
  public ObjectVersion current(Uuid bucketId, String key) {
    return object(bucketId, key)
        .flatMap(S3Object::lastData)
        .orElseThrow(
            () -> new S3Exception(S3Error.NO_SUCH_KEY, "The specified key does not exist."));
  }

  public static ObjectVersion.Meta meta(ObjectVersion v) {
    return switch (v.state()) {
      case ObjectVersion.State.Complete(Data.Inline i) -> i.meta();
      case ObjectVersion.State.Complete(Data.FirstBlock f) -> f.meta();
      default -> throw new IllegalArgumentException("not a data version: " + v.uuid());
    };
  }

  /** Writes bytes {@code [start, end)} of the version's data to {@code out}. */
  public void write(ObjectVersion v, long start, long end, OutputStream out) throws IOException {
    switch (v.state()) {
      case ObjectVersion.State.Complete(Data.Inline i) -> {
        out.write(i.bytes(), (int) start, (int) (end - start));
      }
      case ObjectVersion.State.Complete(Data.FirstBlock f) ->
          writeBlocks(v.uuid(), start, end, out);
      default -> throw new IllegalArgumentException("not a data version: " + v.uuid());
    }
  }

  private void writeBlocks(Uuid versionId, long start, long end, OutputStream out)
      throws IOException {
    Version version =
        tables
            .get(VersionTable.INSTANCE, versionId.asHash(), new byte[0])
            .filter(x -> !x.deleted())
            .orElseThrow(
                // The object entry we read points at a version that is gone: it was overwritten or
                // deleted
                // meanwhile. The client should retry and will then see the newer state.
                () ->
                    new S3Exception(
                        S3Error.SERVICE_UNAVAILABLE,
                        "The object changed while it was being read; please retry"));
    long position = 0;
    for (Map.Entry<Version.BlockKey, Version.Block> e : version.blocks().entrySet()) {
      long size = e.getValue().size();
      long blockStart = position;
      long blockEnd = position + size;
      position = blockEnd;
      if (blockEnd <= start) {
        continue;
      }
      if (blockStart >= end) {
        break;
      }
      long from = Math.max(start, blockStart) - blockStart;
      long to = Math.min(end, blockEnd) - blockStart;
      try (InputStream in = blocks.get(e.getValue().hash(), size)) {
        in.skipNBytes(from);
        copy(in, out, to - from);
      }
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = n;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new IOException("block stream ended early");
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }
}
