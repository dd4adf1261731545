package dev.remise.bench;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.datablock.Compression;
import dev.remise.datablock.DataBlock;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU a PutObject spends per 1 MiB block, step by step, on one thread: the gateway's MD5 (the
 * ETag) and SHA-256 (a signed payload), the block's BLAKE2 hash, zstd level 1 (the sender
 * compresses), and the block node's full check of what it receives. Divide 1.048576 MB by the time
 * per operation for MB/s per core; compare with {@code ../shared/design/performance.md} §3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PutPipelineBenchmark {
  private static final int BLOCK = 1 << 20;

  /** {@code random}: incompressible (zstd bails out); {@code text}: JSON-like, ratio ≈ 4. */
  @Param({"random", "text"})
  public String data;

  private byte[] block;
  private Hash hash;
  private DataBlock stored;
  private MessageDigest md5;
  private MessageDigest sha256;

  @Setup
  public void setUp() throws Exception {
    block = new byte[BLOCK];
    if (data.equals("random")) {
      new Random(1).nextBytes(block);
    } else {
      byte[] line =
          "{\"key\":\"photos/2026/img-0042.jpg\",\"size\":123456,\"owner\":\"alice\"}\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int i = 0; i < BLOCK; i++) {
        block[i] = line[i % line.length];
      }
    }
    hash = Blake2.sum(block);
    stored = DataBlock.fromPlain(block, Compression.DEFAULT);
    md5 = MessageDigest.getInstance("MD5");
    sha256 = MessageDigest.getInstance("SHA-256");
  }

  @Benchmark
  public byte[] md5() {
    md5.update(block);
    return md5.digest();
  }

  @Benchmark
  public byte[] sha256() {
    sha256.update(block);
    return sha256.digest();
  }

  @Benchmark
  public Hash blake2() {
    return Blake2.sum(block);
  }

  /** The same hash by Bouncy Castle's implementation, which Remise used before its own. */
  @Benchmark
  public byte[] blake2BouncyCastle() {
    org.bouncycastle.crypto.digests.Blake2bDigest d =
        new org.bouncycastle.crypto.digests.Blake2bDigest(512);
    d.update(block, 0, block.length);
    byte[] out = new byte[64];
    d.doFinal(out, 0);
    return out;
  }

  @Benchmark
  public DataBlock zstdLevel1() {
    return DataBlock.fromPlain(block, Compression.DEFAULT);
  }

  /**
   * What a block node spends on each block it receives (decode, then BLAKE2 of the plain bytes).
   */
  @Benchmark
  public DataBlock verifyOnReceipt() throws Exception {
    stored.verify(hash);
    return stored;
  }

  /** What a block node spends on each block it reads back from disk (Garage's cheap check). */
  @Benchmark
  public DataBlock checkOnRead() throws Exception {
    stored.checkStored(hash);
    return stored;
  }

  /** The whole gateway side of one block: MD5, BLAKE2, zstd. */
  @Benchmark
  public DataBlock gatewayBlock() {
    md5.update(block);
    Blake2.sum(block);
    return DataBlock.fromPlain(block, Compression.DEFAULT);
  }
}
