package dev.remise.s3.object;

import dev.remise.core.Hash;
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
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * GetObject's data path (Garage's get.rs): the current version comes from the object entry; inline
 * data is served from it, block data is streamed block by block in (part, offset) order: the first
 * block is copied to the client as it arrives, so the first byte leaves before a whole block is
 * read, while the next two are fetched ahead. Each block fails over between its replicas without
 * restarting the response ({@link dev.remise.rpc.FailoverBlockStream}). Ranges select the blocks
 * that intersect them by cumulative plaintext offsets.
 */
public final class ObjectReader {
  /** Blocks fetched ahead of the one being sent (Garage: a channel of 2). */
  static final int READ_AHEAD = 2;

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
    List<Segment> segments = new ArrayList<>();
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
      segments.add(
          new Segment(
              e.getValue().hash(),
              size,
              Math.max(start, blockStart) - blockStart,
              Math.min(end, blockEnd) - blockStart));
    }
    writeSegments(segments, out);
  }

  /** The part {@code [from, to)} of one block that a response needs. */
  private record Segment(Hash hash, long size, long from, long to) {}

  /**
   * Streams the segments in order. The first is copied as its bytes arrive; meanwhile the next
   * {@value #READ_AHEAD} blocks are fetched into memory in the background, so a large object flows
   * without a round trip between blocks while at most that many blocks are held per request. A
   * prefetch that failed is streamed again directly, which retries every replica.
   */
  private void writeSegments(List<Segment> segments, OutputStream out) throws IOException {
    Map<Integer, Future<byte[]>> ahead = new HashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      try {
        for (int i = 0; i < segments.size(); i++) {
          for (int j = i + 1; j <= i + READ_AHEAD && j < segments.size(); j++) {
            Segment next = segments.get(j);
            ahead.computeIfAbsent(j, k -> pool.submit(() -> readWhole(next)));
          }
          Segment seg = segments.get(i);
          byte[] buffered = awaitPrefetch(ahead.remove(i));
          if (buffered != null) {
            out.write(buffered, (int) seg.from(), (int) (seg.to() - seg.from()));
          } else {
            try (InputStream in = blocks.get(seg.hash(), seg.size())) {
              in.skipNBytes(seg.from());
              copy(in, out, seg.to() - seg.from());
            }
          }
        }
      } finally {
        // The client went away or a block failed: stop what is still being fetched.
        ahead.values().forEach(f -> f.cancel(true));
      }
    }
  }

  private byte[] readWhole(Segment seg) throws IOException {
    try (InputStream in = blocks.get(seg.hash(), seg.size())) {
      return in.readNBytes((int) seg.size());
    }
  }

  /** The prefetched block, or null to stream it directly (no prefetch, or it failed). */
  private static byte[] awaitPrefetch(Future<byte[]> f) throws IOException {
    if (f == null) {
      return null;
    }
    try {
      return f.get();
    } catch (ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading a block");
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
