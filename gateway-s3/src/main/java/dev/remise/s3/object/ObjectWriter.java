package dev.remise.s3.object;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Timestamps;
import dev.remise.core.Uuid;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.QuorumUnavailableException;
import dev.remise.rpc.TableClient;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.sigv4.Checksummer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * PutObject's data path (Garage's {@code save_stream}). The body is cut into blocks of {@code
 * blockSize} bytes, hashed on the fly (MD5 for the ETag, the requested checksum, BLAKE2 per block),
 * and never held whole:
 *
 * <ol>
 *   <li>A body shorter than the inline threshold (3 KiB) goes inline into the object entry: one
 *       metadata write.
 *   <li>Otherwise the object gets an {@code Uploading} version and an empty version entry first (so
 *       no block reference is ever orphaned), then up to {@value #MAX_BLOCKS_IN_FLIGHT} blocks are
 *       in flight, each written to the block nodes together with its version-entry block and its
 *       block_ref.
 *   <li>The digests are checked once the body ends; only then does the version become {@code
 *       Complete}, which atomically replaces the previous version for readers.
 * </ol>
 *
 * Any failure (client gone, bad digest, node down) marks the version {@code Aborted}: the deletion
 * cascade then drops its version entry and block references, and block nodes collect the blocks.
 */
public final class ObjectWriter {
  public static final int INLINE_THRESHOLD = 3072;

  /**
   * Tries of a new version's timestamp: each refusal moves it past the newest version held, so only
   * writes to the same key landing in between make another round necessary.
   */
  private static final int MAX_STAMP_ATTEMPTS = 5;

  static final int MAX_BLOCKS_IN_FLIGHT = 3;

  private final TableClient tables;
  private final BlockClient blocks;
  private final InstantSource clock;
  private final int blockSize;

  public ObjectWriter(TableClient tables, BlockClient blocks, InstantSource clock, int blockSize) {
    this.tables = tables;
    this.blocks = blocks;
    this.clock = clock;
    this.blockSize = blockSize;
  }

  /**
   * @param expectedLength the declared plaintext length, or -1 if unknown
   * @param checks digests to verify once the body has been read
   */
  public PutResult put(
      Uuid bucketId,
      String key,
      List<ObjectVersion.Header> headers,
      InputStream body,
      long expectedLength,
      PutChecks checks)
      throws IOException {
    MessageDigest md5 = md5();
    Checksummer checksummer =
        checks.algorithm() == null ? null : checks.algorithm().newChecksummer();

    byte[] first = readBlock(body);
    // A short read means the body ended: anything under the threshold is the whole object.
    if (first.length < INLINE_THRESHOLD) {
      update(md5, checksummer, first, first.length);
      var meta = finish(md5, checksummer, first.length, expectedLength, checks, headers);
      ObjectVersion written =
          insertNewVersion(
              bucketId,
              key,
              (id, ts) ->
                  new ObjectVersion(id, ts, new State.Complete(new Data.Inline(meta, first))));
      return new PutResult(written.uuid(), meta.etag(), meta.size(), meta.headers().checksum());
    }
    ObjectVersion.Headers uploadingHeaders = new ObjectVersion.Headers(headers, null);
    Version.Backlink backlink = new Version.Backlink.Object(bucketId, key);
    ObjectVersion uploading =
        insertNewVersion(
            bucketId,
            key,
            (id, ts) -> new ObjectVersion(id, ts, new State.Uploading(false, uploadingHeaders)));
    Uuid versionId = uploading.uuid();
    long timestamp = uploading.timestamp();
    try {
      Written written = writeBlocks(versionId, backlink, 1, first, body, md5, checksummer);
      var meta = finish(md5, checksummer, written.size(), expectedLength, checks, headers);
      insertVersion(
          bucketId,
          key,
          new ObjectVersion(
              versionId,
              timestamp,
              new State.Complete(new Data.FirstBlock(meta, written.firstBlock()))));
      return new PutResult(versionId, meta.etag(), meta.size(), meta.headers().checksum());
    } catch (RuntimeException | IOException e) {
      abort(bucketId, key, versionId, timestamp);
      throw e;
    }
  }

  /**
   * Streams a body into blocks of one version (part {@code partNumber}), starting with the block
   * already read. The version entry is created first, so block references are never orphaned. Up to
   * {@value #MAX_BLOCKS_IN_FLIGHT} blocks are in flight; the first failure cancels the others.
   */
  Written writeBlocks(
      Uuid versionId,
      Version.Backlink backlink,
      int partNumber,
      byte[] first,
      InputStream body,
      MessageDigest md5,
      Checksummer checksummer)
      throws IOException {
    tables.insert(VersionTable.INSTANCE, Version.empty(versionId, backlink));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Semaphore inFlight = new Semaphore(MAX_BLOCKS_IN_FLIGHT);
      List<Future<Hash>> writes = new ArrayList<>();
      long offset = 0;
      byte[] block = first;
      try {
        while (block.length > 0) {
          update(md5, checksummer, block, block.length);
          long blockOffset = offset;
          byte[] data = block;
          inFlight.acquire();
          // The block hash is computed in the block's own task, in parallel with the MD5 of the
          // next blocks in this thread: BLAKE2 is the costliest hash of the upload.
          writes.add(
              pool.submit(
                  () -> {
                    try {
                      Hash hash = Blake2.sum(data);
                      writeBlock(versionId, backlink, partNumber, blockOffset, hash, data);
                      return hash;
                    } finally {
                      inFlight.release();
                    }
                  }));
          offset += block.length;
          failFast(writes);
          // A short block was the end of the body; a full one may be followed by more.
          block = block.length == blockSize ? readBlock(body) : new byte[0];
        }
        for (Future<Hash> w : writes) {
          w.get();
        }
        Hash firstHash = writes.isEmpty() ? null : writes.getFirst().get();
        return new Written(offset, firstHash);
      } catch (Throwable t) {
        writes.forEach(w -> w.cancel(true));
        throw unwrap(t);
      }
    }
  }

  record Written(long size, Hash firstBlock) {}

  private void writeBlock(
      Uuid versionId,
      Version.Backlink backlink,
      int partNumber,
      long offset,
      Hash hash,
      byte[] data) {
    blocks.put(hash, data);
    tables.insert(
        VersionTable.INSTANCE,
        Version.empty(versionId, backlink)
            .withBlock(
                new Version.BlockKey(partNumber, offset), new Version.Block(hash, data.length)));
    blocks.insertRefs(BlockRefTable.INSTANCE, List.of(new BlockRef(hash, versionId, false)));
  }

  private void abort(Uuid bucketId, String key, Uuid versionId, long timestamp) {
    try {
      insertVersion(bucketId, key, new ObjectVersion(versionId, timestamp, new State.Aborted()));
    } catch (RuntimeException e) {
      // The metadata node is unreachable; the version stays Uploading and is cleaned up by the
      // repair that
      // aborts stale uploads (issue 4/7). Nothing visible was written: GET never serves an
      // Uploading version.
    }
  }

  /** A new version of an object entry, given the id and timestamp it is written with. */
  @FunctionalInterface
  public interface NewVersion {
    ObjectVersion at(Uuid id, long timestamp);
  }

  /**
   * Writes a new version of the key's object entry in one round trip: stamped with this gateway's
   * clock, and merged only by nodes holding nothing as new ({@link TableClient#insertIfNewer}).
   * When some hold a newer version (a gateway whose clock runs ahead, a write within the same
   * millisecond), it is written again under a new id just after the newest they hold: a second
   * round trip, which Garage pays on every write by reading the entry first.
   *
   * @return the version as written
   */
  public ObjectVersion insertNewVersion(Uuid bucketId, String key, NewVersion version) {
    long timestamp = Timestamps.next(0, clock);
    for (int attempt = 1; ; attempt++) {
      ObjectVersion v = version.at(Uuid.random(), timestamp);
      OptionalLong newer =
          tables.insertIfNewer(ObjectTable.INSTANCE, new S3Object(bucketId, key, List.of(v)));
      if (newer.isEmpty()) {
        return v;
      }
      if (attempt == MAX_STAMP_ATTEMPTS) {
        throw new QuorumUnavailableException(
            "a new version of "
                + key
                + " was refused as stale "
                + attempt
                + " times: concurrent writes keep getting ahead of it",
            List.of());
      }
      timestamp = Timestamps.next(newer.getAsLong(), clock);
    }
  }

  private void insertVersion(Uuid bucketId, String key, ObjectVersion version) {
    tables.insert(ObjectTable.INSTANCE, new S3Object(bucketId, key, List.of(version)));
  }

  ObjectVersion.Meta finish(
      MessageDigest md5,
      Checksummer checksummer,
      long size,
      long expectedLength,
      PutChecks checks,
      List<ObjectVersion.Header> headers)
      throws IOException {
    if (expectedLength >= 0 && size != expectedLength) {
      throw new S3Exception(
          S3Error.INCOMPLETE_BODY,
          "You did not provide the number of bytes specified by the Content-Length HTTP header");
    }
    byte[] digest = md5.digest();
    if (checks.contentMd5() != null
        && !MessageDigest.isEqual(digest, decodeContentMd5(checks.contentMd5()))) {
      throw new S3Exception(
          S3Error.BAD_DIGEST, "The Content-MD5 you specified did not match what we received.");
    }
    ObjectVersion.Checksum checksum = null;
    if (checksummer != null) {
      String computed = checksummer.base64();
      String expected = checks.expectedChecksum().get();
      if (expected != null && !expected.equals(computed)) {
        throw new S3Exception(
            S3Error.BAD_DIGEST,
            "The "
                + checks.algorithm().headerName()
                + " you specified did not match the calculated checksum.");
      }
      checksum = new ObjectVersion.Checksum(checks.algorithm().name(), computed);
    }
    return new ObjectVersion.Meta(
        size, HexFormat.of().formatHex(digest), new ObjectVersion.Headers(headers, checksum));
  }

  private static byte[] decodeContentMd5(String b64) {
    try {
      byte[] v = Base64.getDecoder().decode(b64.strip());
      if (v.length == 16) {
        return v;
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new S3Exception(S3Error.INVALID_DIGEST, "The Content-MD5 you specified is not valid.");
  }

  /** Reads up to one block; shorter only at the end of the body. */
  byte[] readBlock(InputStream body) throws IOException {
    byte[] buf = body.readNBytes(blockSize);
    return buf;
  }

  private static void update(MessageDigest md5, Checksummer c, byte[] data, int len) {
    md5.update(data, 0, len);
    if (c != null) {
      c.update(data, 0, len);
    }
  }

  private static void failFast(List<? extends Future<?>> writes)
      throws ExecutionException, InterruptedException {
    for (Future<?> w : writes) {
      if (w.isDone()) {
        w.get();
      }
    }
  }

  private static IOException unwrap(Throwable t) {
    Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new IOException(cause);
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  static byte[] keyBytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  public record PutResult(
      Uuid versionId, String etag, long size, ObjectVersion.Checksum checksum) {}
}
