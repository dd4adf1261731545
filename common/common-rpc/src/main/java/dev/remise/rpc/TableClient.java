package dev.remise.rpc;

import dev.remise.core.Hash;
import dev.remise.core.NodeId;
import dev.remise.layout.Ring;
import dev.remise.replication.QuorumTracker;
import dev.remise.replication.QuorumTracker.Outcome;
import dev.remise.replication.ReadSet;
import dev.remise.replication.Replication;
import dev.remise.replication.WriteSets;
import dev.remise.table.EntryBatch;
import dev.remise.table.TableReplication;
import dev.remise.table.TableSchema;
import feign.FeignException;
import feign.RetryableException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Quorum reads and writes of the replicated tables (garage-internals §3.5), called by gateways,
 * layout-admin and the metadata nodes' insert queues. The merge of an entry is always done by the
 * nodes; this client places, fans out, counts answers, merges what it read and repairs replicas
 * that answered differently.
 *
 * <ul>
 *   <li><b>Writes</b> go at once to every node of every write set (one per active layout version)
 *       and return as soon as each set has its write quorum, or fail as soon as one set can no
 *       longer get it; the other calls finish in the background. {@link #insertMany} sends one
 *       message per node with every entry that node stores. The write holds its ack lock from the
 *       choice of write sets until it returns.
 *   <li><b>Reads</b> ask the read quorum of the read version's nodes (this node first), and one
 *       more node after each failure. The answers are merged; any node whose answer differs from
 *       the merge (older, or missing the entry) is sent the merged entry in the background: read
 *       repair. Garage repairs only differing non-empty answers; repairing absent ones too costs
 *       one message and lets a node that missed writes while down catch up on what is read.
 * </ul>
 *
 * <p>Every failure to reach a quorum is a {@link QuorumUnavailableException} (503 to clients): a
 * dead node fails its call at once (connection refused), so requests never wait for it.
 */
public final class TableClient {
  private static final System.Logger LOG = System.getLogger(TableClient.class.getName());
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Replication SHARDED = new Replication.Sharded(Ring.METADATA);
  private static final Replication FULL_COPY = new Replication.FullCopy();

  private final TableRpc rpc;
  private final TablePlacement placement;
  private final Executor executor;

  /** Calls run on virtual threads: each one mostly waits for a node. */
  public TableClient(TableRpc rpc, TablePlacement placement) {
    this(
        rpc,
        placement,
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("table-rpc-", 0).factory()));
  }

  public TableClient(TableRpc rpc, TablePlacement placement, Executor executor) {
    this.rpc = rpc;
    this.placement = placement;
    this.executor = executor;
  }

  /** The placement strategy of a table. */
  public static Replication replicationOf(TableSchema<?> table) {
    return table.replication() == TableReplication.FULL_COPY ? FULL_COPY : SHARDED;
  }

  public <E> void insert(TableSchema<E> table, E entry) {
    insertMany(table, List.of(entry));
  }

  /**
   * Writes {@code entries}, each to a quorum of every write set of its partition; returns when all
   * have their quorums.
   *
   * @throws QuorumUnavailableException when some entry cannot get its quorum
   */
  public <E> void insertMany(TableSchema<E> table, List<E> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<byte[]> encoded = new ArrayList<>(entries.size());
    List<Hash> partitions = new ArrayList<>(entries.size());
    for (E e : entries) {
      encoded.add(table.encode(e));
      partitions.add(table.partitionHash(e));
    }
    write(table, encoded, partitions, false);
  }

  /**
   * Writes {@code entry}, a new version of a table of timestamped versions (the object table), to a
   * quorum of every write set, on condition: each node merges it only if it holds no other version
   * at least as new ({@code insert-if-newer}). Lets a writer stamp a version with its own clock and
   * write it in one round trip, where Garage reads the entry first to pick a timestamp after the
   * newest: a quorum that took the version had nothing newer, and since write and read quorums
   * intersect, neither had any write acknowledged before; so the version sorts after every
   * acknowledged write, as if the entry had been read first. Nodes that refused count as failed.
   *
   * @return empty when written; else the newest timestamp a refusing node holds, when refusals kept
   *     a quorum from being reached: write a new version (new id) with a later timestamp
   * @throws QuorumUnavailableException when too few nodes answered, refusals aside
   */
  public <E> OptionalLong insertIfNewer(TableSchema<E> table, E entry) {
    return write(table, List.of(table.encode(entry)), List.of(table.partitionHash(entry)), true);
  }

  /**
   * Places and writes; a placement without ack locks writes again when a newer version appeared
   * meanwhile, since nothing held back its acknowledgement while this write ignored it.
   */
  private OptionalLong write(
      TableSchema<?> table, List<byte[]> encoded, List<Hash> partitions, boolean onlyIfNewer) {
    Replication replication = replicationOf(table);
    while (true) {
      long placedAt;
      boolean locked;
      try (PlacedWrite write = placement.beginWrite()) {
        placedAt = write.view().currentVersion();
        locked = write.ackLock() != null;
        Map<WriteSets, List<byte[]>> bySets = new LinkedHashMap<>();
        for (int k = 0; k < encoded.size(); k++) {
          WriteSets sets = replication.writeSets(write.view(), partitions.get(k));
          bySets.computeIfAbsent(sets, s -> new ArrayList<>()).add(encoded.get(k));
        }
        OptionalLong refused = writeToSets(table.tableName(), bySets, onlyIfNewer);
        if (refused.isPresent()) {
          return refused;
        }
      }
      if (locked || placement.view().currentVersion() == placedAt) {
        return OptionalLong.empty();
      }
    }
  }

  /**
   * Already-encoded entries, as the metadata nodes' insert queues hold them; decoded only to find
   * their partition.
   */
  public <E> void insertEncoded(TableSchema<E> table, List<byte[]> encoded) {
    if (encoded.isEmpty()) {
      return;
    }
    List<Hash> partitions = new ArrayList<>(encoded.size());
    for (byte[] e : encoded) {
      partitions.add(table.partitionHash(table.decode(e)));
    }
    write(table, encoded, partitions, false);
  }

  /** Returns the newest timestamp held by a node that refused, when refusals failed a quorum. */
  private OptionalLong writeToSets(
      String table, Map<WriteSets, List<byte[]>> bySets, boolean onlyIfNewer) {
    Map<NodeId, List<byte[]>> perNode = new LinkedHashMap<>();
    Map<NodeId, List<QuorumTracker>> trackersOf = new LinkedHashMap<>();
    List<QuorumTracker> trackers = new ArrayList<>();
    bySets.forEach(
        (sets, batch) -> {
          QuorumTracker tracker = new QuorumTracker(sets);
          trackers.add(tracker);
          for (NodeId node : sets.nodes()) {
            perNode.computeIfAbsent(node, n -> new ArrayList<>()).addAll(batch);
            trackersOf.computeIfAbsent(node, n -> new ArrayList<>()).add(tracker);
          }
        });
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicLong newestRefusal = new AtomicLong(Long.MIN_VALUE);
    perNode.forEach(
        (node, batch) ->
            executor.execute(
                () -> {
                  Throwable error = null;
                  try {
                    URI uri = addressOf(node);
                    byte[] body = EntryBatch.encode(batch);
                    if (onlyIfNewer) {
                      call(uri, () -> rpc.insertIfNewer(uri, table, body));
                    } else {
                      call(uri, () -> rpc.insert(uri, table, body));
                    }
                  } catch (StaleVersionException e) {
                    newestRefusal.accumulateAndGet(e.newestHeld(), Math::max);
                    error = e;
                  } catch (RuntimeException e) {
                    error = e;
                  }
                  for (QuorumTracker t : trackersOf.get(node)) {
                    if (error == null) {
                      t.success(node);
                    } else {
                      t.failure(node, error);
                    }
                  }
                  settle(done, trackers, table);
                }));
    try {
      await(done);
    } catch (QuorumUnavailableException e) {
      long refused = newestRefusal.get();
      if (refused != Long.MIN_VALUE) {
        return OptionalLong.of(refused);
      }
      throw e;
    }
    return OptionalLong.empty();
  }

  /** Completes {@code done} once every tracker reached its quorum, or one can no longer. */
  private static void settle(
      CompletableFuture<Void> done, List<QuorumTracker> trackers, String table) {
    boolean all = true;
    for (QuorumTracker t : trackers) {
      Outcome o = t.outcome();
      if (o == Outcome.FAILED) {
        done.completeExceptionally(
            quorumFailure("write to table " + table + " could not reach its quorum", t.errors()));
        return;
      }
      all &= o == Outcome.REACHED;
    }
    if (all) {
      done.complete(null);
    }
  }

  /**
   * The entry, merged from a read quorum.
   *
   * @throws QuorumUnavailableException when too few nodes answer
   */
  public <E> Optional<E> get(TableSchema<E> table, Hash partition, byte[] sortKey) {
    ReadSet readSet = replicationOf(table).readSet(placement.view(), partition);
    String p = partition.hex();
    String s = B64.encodeToString(sortKey);
    List<Answer<byte[]>> answers =
        readQuorum(
            table.tableName(),
            readSet,
            uri -> {
              byte[] b = rpc.get(uri, table.tableName(), p, s);
              if (b != null && b.length > 0) {
                table.decode(b); // a malformed answer is that node's failure
              }
              return b == null ? new byte[0] : b;
            });
    E merged = null;
    for (Answer<byte[]> a : answers) {
      if (a.value().length > 0) {
        E e = table.decode(a.value());
        merged = merged == null ? e : table.merge(merged, e);
      }
    }
    if (merged == null) {
      return Optional.empty();
    }
    byte[] encoded = table.encode(merged);
    for (Answer<byte[]> a : answers) {
      if (!Arrays.equals(a.value(), encoded)) {
        repair(table.tableName(), a.node(), List.of(encoded));
      }
    }
    return Optional.of(merged);
  }

  /**
   * Entries of one partition key in sort-key order (reverse: descending), from {@code start}
   * (inclusive; null = from the first or, reversed, the last), keeping only sort keys with {@code
   * prefix} (null = all) that match the schema's {@code filter} (null = all), at most {@code
   * limit}. Fewer than {@code limit} entries means there are no more.
   *
   * <p>Each node applies the filter to its own copy, so a node holding an older state of an entry
   * may return it while a node holding the newer one filters it out. An entry that not every
   * answering node returned is therefore read again whole, with {@link #get}, and filtered after
   * the merge; only then is it returned or dropped. Garage skips this and may list an entry a
   * quorum has already deleted.
   *
   * @throws QuorumUnavailableException when too few nodes answer
   */
  public <E> List<E> getRange(
      TableSchema<E> table,
      Hash partition,
      byte[] start,
      byte[] prefix,
      String filter,
      int limit,
      boolean reverse) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    ReadSet readSet = replicationOf(table).readSet(placement.view(), partition);
    List<E> out = new ArrayList<>();
    byte[] from = start;
    boolean skipFrom = false;
    while (true) {
      int want = Math.min(limit - out.size() + (skipFrom ? 1 : 0), TableRpc.MAX_RANGE_LIMIT);
      RangeRound<E> round =
          rangeRound(table, readSet, partition, from, prefix, filter, want, reverse);
      for (E e : round.entries()) {
        if (skipFrom && Arrays.equals(table.sortKey(e), from)) {
          continue;
        }
        if (out.size() < limit) {
          out.add(e);
        }
      }
      if (out.size() >= limit || round.exhausted()) {
        return out;
      }
      from = round.lastSortKey();
      skipFrom = true;
    }
  }

  /** One fan-out of a range read. */
  private record RangeRound<E>(List<E> entries, byte[] lastSortKey, boolean exhausted) {}

  private <E> RangeRound<E> rangeRound(
      TableSchema<E> table,
      ReadSet readSet,
      Hash partition,
      byte[] from,
      byte[] prefix,
      String filter,
      int want,
      boolean reverse) {
    String name = table.tableName();
    String startArg = from == null ? null : B64.encodeToString(from);
    String prefixArg = prefix == null ? null : B64.encodeToString(prefix);
    List<Answer<List<byte[]>>> answers =
        readQuorum(
            name,
            readSet,
            uri -> {
              List<byte[]> entries =
                  EntryBatch.decode(
                      rpc.getRange(
                          uri, name, partition.hex(), startArg, prefixArg, filter, want, reverse));
              entries.forEach(table::decode); // a malformed answer is that node's failure
              return entries;
            });
    Comparator<byte[]> order = Arrays::compareUnsigned;
    Map<byte[], Map<NodeId, byte[]>> byKey = new TreeMap<>(reverse ? order.reversed() : order);
    boolean exhausted = true;
    for (Answer<List<byte[]>> a : answers) {
      exhausted &= a.value().size() < want;
      for (byte[] encoded : a.value()) {
        byte[] sortKey = table.sortKey(table.decode(encoded));
        byKey.computeIfAbsent(sortKey, k -> new LinkedHashMap<>()).put(a.node(), encoded);
      }
    }
    // Only the first `want` keys of the union are backed by every answer: a node that returned
    // `want` entries says nothing about keys after its last one.
    List<E> entries = new ArrayList<>();
    byte[] last = null;
    int taken = 0;
    for (Map.Entry<byte[], Map<NodeId, byte[]>> k : byKey.entrySet()) {
      if (taken++ == want) {
        break;
      }
      last = k.getKey();
      Optional<E> kept = settleRangeEntry(table, partition, filter, answers, k.getValue());
      kept.ifPresent(entries::add);
    }
    return new RangeRound<>(entries, last, exhausted);
  }

  /** The merged entry of one key of a range read, repaired, and re-read when disputed. */
  private <E> Optional<E> settleRangeEntry(
      TableSchema<E> table,
      Hash partition,
      String filter,
      List<? extends Answer<?>> answers,
      Map<NodeId, byte[]> copies) {
    if (filter != null && copies.size() < answers.size()) {
      // Some node filtered it out or lacks it: only the whole entry tells which.
      byte[] sortKey = table.sortKey(table.decode(copies.values().iterator().next()));
      return get(table, partition, sortKey).filter(e -> matches(table, e, filter));
    }
    E merged = null;
    for (byte[] c : copies.values()) {
      E e = table.decode(c);
      merged = merged == null ? e : table.merge(merged, e);
    }
    byte[] encoded = table.encode(merged);
    for (Answer<?> a : answers) {
      byte[] copy = copies.get(a.node());
      if (copy == null || !Arrays.equals(copy, encoded)) {
        repair(table.tableName(), a.node(), List.of(encoded));
      }
    }
    return filter == null || matches(table, merged, filter)
        ? Optional.of(merged)
        : Optional.empty();
  }

  private static <E> boolean matches(TableSchema<E> table, E entry, String filter) {
    return table.matchesFilter(entry, filter);
  }

  /** A successful answer of one node. */
  private record Answer<T>(NodeId node, T value) {}

  /**
   * Returns the first {@code readSet.quorum()} answers, or fails as soon as too many nodes failed
   * to reach it. A quorum of two or more asks every node of the read set at once, this node first:
   * asking only a quorum would wait for whichever remote node was picked, asking all waits for the
   * fastest ones. Across sites with 100 ms ± 20 ms between them, a quorum of two among this node
   * and two remote ones answers in the faster of two round trips (≈ 93 ms on average) rather than
   * in one drawn at random (100 ms), and a slow or paused node costs nothing; the price is one more
   * read per quorum read. A quorum of one (degraded and dangerous modes) asks this node first and
   * the next only after a failure: the answer of the node a gateway just wrote through, not of
   * whichever copy answers first and may not have that write yet.
   */
  private <T> List<Answer<T>> readQuorum(String table, ReadSet readSet, Function<URI, T> read) {
    List<NodeId> order = new ArrayList<>(readSet.nodes());
    placement
        .self()
        .filter(order::contains)
        .ifPresent(
            self -> {
              order.remove(self);
              order.addFirst(self);
            });
    QuorumRead<T> q = new QuorumRead<>(table, order, readSet.quorum(), read);
    q.launch();
    return await(q.done);
  }

  /** The state of one quorum read; answers arrive on the executor's threads. */
  private final class QuorumRead<T> {
    final String table;
    final List<NodeId> order;
    final int quorum;
    final Function<URI, T> read;
    final CompletableFuture<List<Answer<T>>> done = new CompletableFuture<>();
    final List<Answer<T>> answers = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    int next;
    int inFlight;

    QuorumRead(String table, List<NodeId> order, int quorum, Function<URI, T> read) {
      this.table = table;
      this.order = order;
      this.quorum = quorum;
      this.read = read;
    }

    /** Sends the requests not sent yet, or fails the read when the quorum is out of reach. */
    void launch() {
      List<NodeId> toAsk = new ArrayList<>();
      synchronized (this) {
        while (next < order.size() && (quorum > 1 || answers.size() + inFlight < quorum)) {
          toAsk.add(order.get(next++));
          inFlight++;
        }
        if (answers.size() + inFlight < quorum && !done.isDone()) {
          done.completeExceptionally(
              quorumFailure(
                  "read of table %s could not reach its quorum of %d among %d nodes"
                      .formatted(table, quorum, order.size()),
                  List.copyOf(errors)));
        }
      }
      for (NodeId node : toAsk) {
        executor.execute(() -> ask(node));
      }
    }

    private void ask(NodeId node) {
      T value;
      try {
        URI uri = addressOf(node);
        value = call(uri, () -> read.apply(uri));
      } catch (RuntimeException e) {
        synchronized (this) {
          inFlight--;
          errors.add(e);
        }
        launch();
        return;
      }
      synchronized (this) {
        inFlight--;
        if (answers.size() < quorum) {
          answers.add(new Answer<>(node, value));
          if (answers.size() == quorum) {
            done.complete(List.copyOf(answers));
          }
        }
      }
    }
  }

  /** Sends the merged entries to a node that answered differently; failures are only logged. */
  private void repair(String table, NodeId node, List<byte[]> entries) {
    executor.execute(
        () -> {
          try {
            URI uri = addressOf(node);
            byte[] body = EntryBatch.encode(entries);
            call(uri, () -> rpc.insert(uri, table, body));
          } catch (RuntimeException e) {
            LOG.log(
                Level.DEBUG, "read repair of table {0} on node {1} failed: {2}", table, node, e);
          }
        });
  }

  /**
   * A quorum failure, unless every node refused the call: that is a misconfiguration (another
   * cluster secret) that waiting will not fix, reported as such.
   */
  private static RuntimeException quorumFailure(String message, List<Throwable> errors) {
    if (!errors.isEmpty() && errors.stream().allMatch(RpcRejectedException.class::isInstance)) {
      return (RpcRejectedException) errors.getFirst();
    }
    return new QuorumUnavailableException(message, errors);
  }

  private URI addressOf(NodeId node) {
    return placement
        .address(node)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no known address for the metadata role of node " + node.hex()));
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static long newestHeld(URI node, String body) {
    try {
      return Long.parseLong(body.strip());
    } catch (NumberFormatException e) {
      throw new RpcRejectedException(node, 409, body);
    }
  }

  private static void call(URI node, Runnable r) {
    call(
        node,
        () -> {
          r.run();
          return null;
        });
  }

  /**
   * Maps Feign's failures: no answer or 5xx is an unavailable node, any other status a rejected
   * call (a bug or a wrong cluster secret).
   */
  private static <T> T call(URI node, Supplier<T> s) {
    try {
      return s.get();
    } catch (RetryableException e) {
      throw new RpcUnavailableException(node, e);
    } catch (FeignException e) {
      if (e.status() >= 500 || e.status() < 0) {
        throw new RpcUnavailableException(node, e);
      }
      if (e.status() == 409) {
        throw new StaleVersionException(newestHeld(node, e.contentUTF8()));
      }
      throw new RpcRejectedException(node, e.status(), e.contentUTF8());
    }
  }
}
