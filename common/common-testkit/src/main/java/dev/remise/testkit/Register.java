package dev.remise.testkit;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.TableSchema;
import java.nio.charset.StandardCharsets;

/**
 * A last-writer-wins register per (partition, key) with a tombstone flag: the smallest table that
 * exercises merges, read repair, filtered ranges and tombstones, for tests of the table engine.
 */
public record Register(
    String partition, String key, long timestamp, String value, boolean deleted) {

  public static final String LIVE = "live";

  public static Register put(String partition, String key, long ts, String value) {
    return new Register(partition, key, ts, value, false);
  }

  public static Register delete(String partition, String key, long ts) {
    return new Register(partition, key, ts, "", true);
  }

  public static Hash hashOf(String partition) {
    return Blake2.sum(partition.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] sortKeyOf(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  public static final TableSchema<Register> TABLE =
      new TableSchema<>() {
        @Override
        public String tableName() {
          return "register";
        }

        @Override
        public String versionMarker() {
          return "R1";
        }

        @Override
        public Hash partitionHash(Register e) {
          return hashOf(e.partition());
        }

        @Override
        public byte[] sortKey(Register e) {
          return sortKeyOf(e.key());
        }

        @Override
        public Register merge(Register a, Register b) {
          if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp() ? a : b;
          }
          // Equal timestamps: a deterministic winner, so the merge stays commutative.
          if (a.deleted() != b.deleted()) {
            return a.deleted() ? a : b;
          }
          return a.value().compareTo(b.value()) >= 0 ? a : b;
        }

        @Override
        public boolean isTombstone(Register e) {
          return e.deleted();
        }

        @Override
        public boolean matchesFilter(Register e, String filter) {
          if (!filter.equals(LIVE)) {
            throw new IllegalArgumentException("no filter " + filter);
          }
          return !e.deleted();
        }

        @Override
        public void write(Register e, EntryWriter w) {
          w.string(e.partition()).string(e.key()).i64(e.timestamp()).string(e.value());
          w.bool(e.deleted());
        }

        @Override
        public Register read(EntryReader r) {
          return new Register(r.string(), r.string(), r.i64(), r.string(), r.bool());
        }
      };
}
