package dev.remise.bench;

import dev.remise.core.Blake2;
import dev.remise.core.Uuid;
import dev.remise.metadata.table.LocalTable;
import dev.remise.metadata.table.MetadataStore;
import dev.remise.metadata.table.PersistentInsertQueue;
import dev.remise.metadata.table.Tables;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.table.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a metadata write costs in the background on its node: the Merkle trie update of one changed
 * object entry ({@code MerkleTree.update}, run by the Merkle updater), in a bucket already holding
 * {@code objects} objects. All of a bucket's objects share one trie partition, so its upper nodes
 * are full (256 children): each update reads, decodes, re-encodes and hashes them, in a RocksDB
 * transaction. Measured per entry: {@code insert} is the table write alone (merge, encode, the todo
 * item), {@code insertAndUpdate} adds the trie update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MerkleUpdateBenchmark {
  private static final List<TableSchema<?>> SCHEMAS = List.of(ObjectTable.INSTANCE);

  @Param({"10000", "100000"})
  public int objects;

  private Path dir;
  private MetadataStore store;
  private LocalTable<S3Object> table;
  private final Uuid bucket = Uuid.random();
  private long next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("remise-merkle-bench");
    store = MetadataStore.open(dir, false, Tables.columnFamilies(SCHEMAS));
    Tables tables = new Tables(store, new PersistentInsertQueue(store), SCHEMAS);
    table = tables.get(ObjectTable.INSTANCE);
    for (int i = 0; i < objects; i++) {
      table.insert(object(i));
      if (i % 1000 == 999) {
        table.merkle().update(Integer.MAX_VALUE);
      }
    }
    table.merkle().update(Integer.MAX_VALUE);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private S3Object object(long i) {
    return new S3Object(
        bucket,
        "data/%08d".formatted(i % objects),
        List.of(
            new ObjectVersion(
                Uuid.random(),
                1_000_000 + i,
                new ObjectVersion.State.Complete(
                    new ObjectVersion.Data.FirstBlock(
                        new ObjectVersion.Meta(
                            4096,
                            "0123456789abcdef0123456789abcdef",
                            new ObjectVersion.Headers(List.of(), null)),
                        Blake2.sum("block " + i))))));
  }

  /** An overwrite of an existing object: merge, encode, and the Merkle todo item. */
  @Benchmark
  public boolean insert() {
    boolean changed = table.insert(object(objects + next++));
    // Keeps the todo list from growing without bound across the measurement.
    if (next % 1000 == 0) {
      table.merkle().update(Integer.MAX_VALUE);
    }
    return changed;
  }

  /** The same overwrite, then its trie update. */
  @Benchmark
  public int insertAndUpdate() {
    table.insert(object(objects + next++));
    return table.merkle().update(1);
  }
}
