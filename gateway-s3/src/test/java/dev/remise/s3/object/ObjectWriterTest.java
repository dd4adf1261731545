package dev.remise.s3.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.core.Uuid;
import dev.remise.datablock.Compression;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import dev.remise.replication.ConsistencyMode;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.RpcUnavailableException;
import dev.remise.rpc.TableClient;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.sigv4.ChecksumAlgorithm;
import dev.remise.testkit.InMemoryBlockNode;
import dev.remise.testkit.InMemoryTableNode;
import dev.remise.testkit.MutableClock;
import dev.remise.testkit.StaticPlacement;
import dev.remise.testkit.TestLayouts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectWriterTest {
  private static final int BLOCK = 64 * 1024;

  private final InMemoryTableNode meta =
      new InMemoryTableNode(List.of(ObjectTable.INSTANCE, VersionTable.INSTANCE));
  private final InMemoryBlockNode blockNode = new InMemoryBlockNode();
  private static final NodeId SELF = NodeId.fromHex("%064x".formatted(1));
  private final StaticPlacement placement =
      new StaticPlacement(SELF, TestLayouts.storage(List.of(SELF), 1), ConsistencyMode.CONSISTENT);
  private final TableClient tables = new TableClient(meta, placement, Runnable::run);
  private final BlockClient blocks =
      new BlockClient(blockNode, placement, Compression.NONE, 1 << 20, Runnable::run);
  private final MutableClock clock = MutableClock.at(1_700_000_000_000L);
  private final ObjectWriter writer = new ObjectWriter(tables, blocks, clock, BLOCK);
  private final ObjectReader reader = new ObjectReader(tables, blocks);
  private final Uuid bucket = Uuid.random();

  @Test
  void bodiesUnder3KiBGoInlineAndWriteNoBlock() throws IOException {
    byte[] data = random(3071);
    var result = put("small", data, PutChecks.none());
    ObjectVersion v = reader.current(bucket, "small");
    assertThat(v.state()).isInstanceOf(State.Complete.class);
    assertThat(((State.Complete) v.state()).data()).isInstanceOf(Data.Inline.class);
    assertThat(blockNode.blocks()).isEmpty();
    assertThat(result.etag()).isEqualTo(md5Hex(data));
    assertThat(read(v, 0, data.length)).isEqualTo(data);
  }

  @Test
  void bodiesOf3KiBAndMoreAreCutIntoBlocksListedInOrder() throws IOException {
    byte[] data = random(3 * BLOCK + 17);
    put("big", data, PutChecks.none());
    ObjectVersion v = reader.current(bucket, "big");
    assertThat(((State.Complete) v.state()).data()).isInstanceOf(Data.FirstBlock.class);
    Version version = meta.all(VersionTable.INSTANCE).getFirst();
    assertThat(version.blocks().keySet())
        .containsExactly(
            new Version.BlockKey(1, 0),
            new Version.BlockKey(1, BLOCK),
            new Version.BlockKey(1, 2L * BLOCK),
            new Version.BlockKey(1, 3L * BLOCK));
    assertThat(blockNode.blocks()).hasSize(4);
    assertThat(blockNode.refs()).hasSize(4);
    assertThat(read(v, 0, data.length)).isEqualTo(data);
    assertThat(read(v, BLOCK - 3, BLOCK + 5))
        .isEqualTo(java.util.Arrays.copyOfRange(data, BLOCK - 3, BLOCK + 5));
  }

  @Test
  void exactly3KiBIsNotInline() throws IOException {
    put("edge", random(3072), PutChecks.none());
    assertThat(blockNode.blocks()).hasSize(1);
  }

  @Test
  void aWrongContentMd5AbortsTheVersionAndKeepsThePreviousObject() throws IOException {
    byte[] before = random(5000);
    put("k", before, PutChecks.none());
    clock.advance(java.time.Duration.ofSeconds(1));
    String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> put("k", random(2 * BLOCK), new PutChecks(wrongMd5, null, () -> null)))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.BAD_DIGEST));
    S3Object entry = reader.object(bucket, "k").orElseThrow();
    assertThat(entry.versions())
        .extracting(v -> v.state().getClass().getSimpleName())
        .containsExactly("Complete", "Aborted");
    assertThat(read(reader.current(bucket, "k"), 0, before.length)).isEqualTo(before);
  }

  @Test
  void aChecksumHeaderIsVerifiedAndStored() throws IOException {
    byte[] data = "hello world".getBytes();
    var ok = put("c", data, new PutChecks(null, ChecksumAlgorithm.CRC32, () -> "DUoRhQ=="));
    assertThat(ok.checksum()).isEqualTo(new ObjectVersion.Checksum("CRC32", "DUoRhQ=="));
    assertThatThrownBy(
            () -> put("c2", data, new PutChecks(null, ChecksumAlgorithm.CRC32, () -> "AAAAAA==")))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.BAD_DIGEST));
    assertThat(reader.object(bucket, "c2")).isEmpty();
  }

  @Test
  void aBodyShorterThanDeclaredIsAnIncompleteBodyAndNeverBecomesVisible() {
    assertThatThrownBy(
            () ->
                writer.put(
                    bucket,
                    "short",
                    List.of(),
                    new ByteArrayInputStream(random(BLOCK + 10)),
                    BLOCK + 11,
                    PutChecks.none()))
        .isInstanceOfSatisfying(
            S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INCOMPLETE_BODY));
    assertThatThrownBy(() -> reader.current(bucket, "short")).isInstanceOf(S3Exception.class);
  }

  @Test
  void aClientThatHangsUpAbortsTheVersion() {
    InputStream failing =
        new InputStream() {
          int sent;

          @Override
          public int read() throws IOException {
            if (sent++ > 2 * BLOCK) {
              throw new IOException("connection reset by peer");
            }
            return 7;
          }
        };
    assertThatThrownBy(() -> writer.put(bucket, "gone", List.of(), failing, -1, PutChecks.none()))
        .isInstanceOf(IOException.class);
    S3Object entry = reader.object(bucket, "gone").orElseThrow();
    assertThat(entry.versions())
        .singleElement()
        .extracting(ObjectVersion::state)
        .isInstanceOf(State.Aborted.class);
  }

  @Test
  void anUnreachableBlockNodeFailsThePutAsUnavailable() {
    blockNode.setDown(true);
    assertThatThrownBy(() -> put("down", random(2 * BLOCK), PutChecks.none()))
        .isInstanceOf(RpcUnavailableException.class);
    assertThat(reader.object(bucket, "down").orElseThrow().lastComplete()).isEmpty();
  }

  @Test
  void anOverwriteGetsATimestampPastTheVersionItReplacesEvenWithABackwardClock()
      throws IOException {
    put("t", random(10), PutChecks.none());
    long first = reader.current(bucket, "t").timestamp();
    clock.advance(java.time.Duration.ofHours(-1));
    put("t", random(20), PutChecks.none());
    ObjectVersion second = reader.current(bucket, "t");
    assertThat(second.timestamp()).isEqualTo(first + 1);
    assertThat(ObjectReader.meta(second).size()).isEqualTo(20);
  }

  @Test
  void theFirstBytesLeaveBeforeALaterBlockArrivesAndAtMostTwoBlocksAreFetchedAhead()
      throws Exception {
    byte[] data = random(6 * BLOCK);
    put("ahead", data, PutChecks.none());
    ObjectVersion v = reader.current(bucket, "ahead");
    Version version = meta.all(VersionTable.INSTANCE).getFirst();
    List<String> order = version.blocks().values().stream().map(b -> b.hash().hex()).toList();
    // The second block is held back: the first streams out, and while the reader waits for the
    // second, it has asked for exactly the two after it.
    String last = order.get(1);
    java.util.concurrent.CountDownLatch releaseLast = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch firstBytes = new java.util.concurrent.CountDownLatch(1);
    java.util.Set<String> requested = java.util.concurrent.ConcurrentHashMap.newKeySet();
    dev.remise.rpc.BlockRpc gated =
        new dev.remise.rpc.BlockRpc() {
          @Override
          public void putBlock(java.net.URI n, String h, String f, byte[] d) {
            blockNode.putBlock(n, h, f, d);
          }

          @Override
          public feign.Response getBlock(java.net.URI n, String h) {
            requested.add(h);
            if (h.equals(last)) {
              try {
                releaseLast.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return blockNode.getBlock(n, h);
          }

          @Override
          public String needBlock(java.net.URI n, String h) {
            return "false";
          }

          @Override
          public void insertBlockRefs(java.net.URI n, byte[] b) {}

          @Override
          public void syncBlockRefs(java.net.URI n, byte[] b) {}

          @Override
          public void deleteBlockRefsIfEqual(java.net.URI n, byte[] b) {}

          @Override
          public byte[] blockRefEntries(java.net.URI n, int p, int s) {
            return new byte[0];
          }

          @Override
          public byte[] blockRefDigests(java.net.URI n, int p) {
            return new byte[0];
          }
        };
    ObjectReader gatedReader =
        new ObjectReader(
            tables, new BlockClient(gated, placement, Compression.NONE, 1 << 20, Runnable::run));
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            firstBytes.countDown();
          }
        };
    Thread reading =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    gatedReader.write(v, 0, data.length, out);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    assertThat(firstBytes.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (requested.size() < 2 + ObjectReader.READ_AHEAD && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    // Blocked on block 2, the reader holds blocks 3 and 4 in flight and asks for nothing more.
    assertThat(requested).containsExactlyInAnyOrderElementsOf(order.subList(0, 4));
    assertThat(out.size()).isEqualTo(BLOCK);
    releaseLast.countDown();
    reading.join();
    assertThat(out.toByteArray()).isEqualTo(data);
  }

  private ObjectWriter.PutResult put(String key, byte[] data, PutChecks checks) throws IOException {
    return writer.put(bucket, key, List.of(), new ByteArrayInputStream(data), data.length, checks);
  }

  private byte[] read(ObjectVersion v, long from, long to) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reader.write(v, from, to, out);
    return out.toByteArray();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
