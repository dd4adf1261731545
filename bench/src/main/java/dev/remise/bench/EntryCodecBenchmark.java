package dev.remise.bench;

import dev.remise.core.Blake2;
import dev.remise.core.Uuid;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.table.MalformedEntryException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The object table's codec and merge, which every metadata write and read runs (often several
 * times: the node's merge, the Merkle hash of the encoding, read repair): one object entry with a
 * complete version carrying a few headers and a checksum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EntryCodecBenchmark {
  private S3Object object;
  private S3Object newer;
  private byte[] encoded;

  @Setup
  public void setUp() {
    Uuid bucket = Uuid.random();
    object = new S3Object(bucket, "photos/2026/img-0042.jpg", List.of(version(1_000)));
    newer = new S3Object(bucket, "photos/2026/img-0042.jpg", List.of(version(2_000)));
    encoded = ObjectTable.INSTANCE.encode(object);
  }

  private static ObjectVersion version(long ts) {
    return new ObjectVersion(
        Uuid.random(),
        ts,
        new ObjectVersion.State.Complete(
            new ObjectVersion.Data.FirstBlock(
                new ObjectVersion.Meta(
                    5_000_000,
                    "0123456789abcdef0123456789abcdef",
                    new ObjectVersion.Headers(
                        List.of(
                            new ObjectVersion.Header("content-type", "image/jpeg"),
                            new ObjectVersion.Header("x-amz-meta-camera", "fp2")),
                        new ObjectVersion.Checksum("CRC32C", "yZRlqg=="))),
                Blake2.sum("first block"))));
  }

  @Benchmark
  public byte[] encode() {
    return ObjectTable.INSTANCE.encode(object);
  }

  @Benchmark
  public S3Object decode() throws MalformedEntryException {
    return ObjectTable.INSTANCE.decode(encoded);
  }

  @Benchmark
  public S3Object merge() {
    return ObjectTable.INSTANCE.merge(object, newer);
  }
}
