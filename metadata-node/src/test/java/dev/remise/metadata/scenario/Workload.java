package dev.remise.metadata.scenario;

import dev.remise.rpc.QuorumUnavailableException;
import dev.remise.rpc.TableClient;
import dev.remise.testkit.Register;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Writes and reads of {@link Register} keys through table clients, with the read-after-write check
 * of the scenarios: a read must return the last acknowledged write of its key or a later one whose
 * outcome was unknown (a failed write may still have reached some replicas), and never a value no
 * one wrote. Timestamps grow with every write, so the register's last-writer-wins merge orders
 * them. A key whose last acknowledged write is a delete may also read as absent: its tombstone may
 * have been collected.
 */
final class Workload {
  /** A register key. */
  record Key(String partition, String key) {
    @Override
    public String toString() {
      return partition + "/" + key;
    }
  }

  private final Random random;
  final List<Key> keys = new ArrayList<>();
  final Map<Key, Long> acked = new HashMap<>();
  private final Map<Key, Map<Long, Register>> written = new HashMap<>();
  final List<String> violations = new ArrayList<>();

  /** What happened, step by step: two runs with one seed give the same trace. */
  final List<String> trace = new ArrayList<>();

  private long timestamp;
  int ackedWrites;
  int failedWrites;
  int reads;
  int failedReads;

  /** {@code keysPerPartition} keys in each of {@code partitions} partition keys. */
  Workload(Random random, int partitions, int keysPerPartition) {
    this.random = random;
    for (int p = 0; p < partitions; p++) {
      for (int k = 0; k < keysPerPartition; k++) {
        keys.add(new Key("p" + p, "k" + k));
      }
    }
  }

  Key anyKey() {
    return keys.get(random.nextInt(keys.size()));
  }

  /** One random operation: a read half of the time, else a write (one in five a delete). */
  void step(TableClient client, String who) {
    Key k = anyKey();
    int dice = random.nextInt(10);
    if (dice < 5) {
      read(client, k, who);
    } else if (dice < 9) {
      put(client, k, who);
    } else {
      delete(client, k, who);
    }
  }

  boolean put(TableClient client, Key k, String who) {
    long ts = ++timestamp;
    return write(client, Register.put(k.partition(), k.key(), ts, "v" + ts), who);
  }

  boolean delete(TableClient client, Key k, String who) {
    return write(client, Register.delete(k.partition(), k.key(), ++timestamp), who);
  }

  private boolean write(TableClient client, Register r, String who) {
    Key k = new Key(r.partition(), r.key());
    written.computeIfAbsent(k, x -> new HashMap<>()).put(r.timestamp(), r);
    String op = (r.deleted() ? "delete " : "put ") + k + "@" + r.timestamp() + " by " + who;
    try {
      client.insert(Register.TABLE, r);
    } catch (QuorumUnavailableException e) {
      failedWrites++;
      trace.add(op + ": failed");
      return false;
    }
    acked.merge(k, r.timestamp(), Math::max);
    ackedWrites++;
    trace.add(op + ": ok");
    return true;
  }

  /** Reads {@code k} and checks the answer; empty when no quorum answered. */
  Optional<Register> read(TableClient client, Key k, String who) {
    Optional<Register> seen;
    try {
      seen =
          client.get(Register.TABLE, Register.hashOf(k.partition()), Register.sortKeyOf(k.key()));
    } catch (QuorumUnavailableException e) {
      failedReads++;
      trace.add("get " + k + " by " + who + ": failed");
      return Optional.empty();
    }
    reads++;
    long ts = seen.map(Register::timestamp).orElse(0L);
    trace.add("get " + k + " by " + who + ": " + ts);
    String problem = check(k, seen);
    if (problem != null) {
      violations.add("get " + k + " by " + who + " (step " + trace.size() + "): " + problem);
    }
    return seen;
  }

  /** Why {@code seen} breaks read-after-write for {@code k}, or null when it does not. */
  String check(Key k, Optional<Register> seen) {
    Long last = acked.get(k);
    if (seen.isEmpty()) {
      if (last == null || written.get(k).get(last).deleted()) {
        return null;
      }
      return "absent, but " + last + " was acknowledged";
    }
    Register r = seen.get();
    Register wrote = written.getOrDefault(k, Map.of()).get(r.timestamp());
    if (!r.equals(wrote)) {
      return "read " + r + ", which no one wrote";
    }
    if (last != null && r.timestamp() < last) {
      return "read " + r.timestamp() + ", but " + last + " was acknowledged";
    }
    return null;
  }

  /** Reads every key with an acknowledged write through {@code client}. */
  void readAllAcknowledged(TableClient client, String who) {
    for (Key k : keys) {
      if (acked.containsKey(k)) {
        read(client, k, who);
      }
    }
  }

  /** The acknowledged state of {@code k}'s last write. */
  Register lastAcknowledged(Key k) {
    return written.get(k).get(acked.get(k));
  }
}
