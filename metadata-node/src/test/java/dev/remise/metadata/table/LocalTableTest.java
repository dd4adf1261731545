package dev.remise.metadata.table;

import static dev.remise.metadata.table.Entries.block;
import static dev.remise.metadata.table.Entries.deleteMarker;
import static dev.remise.metadata.table.Entries.firstBlock;
import static dev.remise.metadata.table.Entries.inline;
import static dev.remise.metadata.table.Entries.object;
import static dev.remise.metadata.table.Entries.smallUuid;
import static dev.remise.metadata.table.Entries.uploading;
import static dev.remise.metadata.table.Entries.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;
import dev.remise.table.InsertQueue;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of a local table on RocksDB: merge on write, idempotence, range reads. */
class LocalTableTest {
  private static final Uuid BUCKET = smallUuid(2);

  @TempDir Path dir;
  private StoreFixture fixture;
  private LocalTable<S3Object> objects;

  @BeforeEach
  void open() throws IOException {
    fixture = new StoreFixture(dir);
    objects = fixture.table(ObjectTable.INSTANCE);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> keys(List<S3Object> entries) {
    return entries.stream().map(S3Object::key).toList();
  }

  /** The conditional write a gateway stamps with its own clock (one round trip per PUT/DELETE). */
  @Nested
  class InsertIfNewer {
    @Test
    void aVersionNewerThanEverythingStoredIsMerged() {
      objects.insert(object(BUCKET, "k", inline(uuid(10), 100)));

      assertThat(objects.insertIfNewer(object(BUCKET, "k", inline(uuid(11), 101)))).isEmpty();

      assertThat(objects.get(BUCKET.asHash(), utf8("k")).orElseThrow().lastData())
          .hasValueSatisfying(v -> assertThat(v.uuid()).isEqualTo(uuid(11)));
    }

    @Test
    void anAbsentEntryTakesAnyVersion() {
      assertThat(objects.insertIfNewer(object(BUCKET, "k", deleteMarker(uuid(11), 1)))).isEmpty();
      assertThat(objects.get(BUCKET.asHash(), utf8("k"))).isPresent();
    }

    @Test
    void aVersionNotNewerThanAStoredOneIsRefusedWithTheNewestTimestampAndNothingWritten() {
      S3Object stored = object(BUCKET, "k", inline(uuid(10), 100), uploading(uuid(12), 200));
      objects.insert(stored);

      assertThat(objects.insertIfNewer(object(BUCKET, "k", inline(uuid(11), 150)))).hasValue(200);
      assertThat(objects.insertIfNewer(object(BUCKET, "k", inline(uuid(13), 200))))
          .as("the same millisecond as another version")
          .hasValue(200);
      assertThat(objects.get(BUCKET.asHash(), utf8("k"))).contains(stored);
    }

    @Test
    void aRepeatedWriteOfTheSameVersionIsNotRefused() {
      S3Object o = object(BUCKET, "k", inline(uuid(11), 100));
      assertThat(objects.insertIfNewer(o)).isEmpty();

      assertThat(objects.insertIfNewer(o)).as("a retried call").isEmpty();
    }

    @Test
    void aTableWithoutTimestampedVersionsRefusesTheCall() {
      LocalTable<AccessKey> keys = fixture.table(KeyTable.INSTANCE);
      assertThatThrownBy(
              () ->
                  keys.insertIfNewerEncoded(
                      List.of(
                          KeyTable.INSTANCE.encode(
                              AccessKey.create("GK1", "00".repeat(32), "k", 1, false)))))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Insert {
    @Test
    void insertedEntryIsReadBackByItsKey() {
      S3Object o = object(BUCKET, "photo.jpg", inline(uuid(10), 1));

      assertThat(objects.insert(o)).isTrue();

      assertThat(objects.get(BUCKET.asHash(), utf8("photo.jpg"))).contains(o);
      assertThat(objects.getEncoded(BUCKET.asHash(), utf8("photo.jpg")))
          .isEqualTo(ObjectTable.INSTANCE.encode(o));
      assertThat(objects.get(BUCKET.asHash(), utf8("other"))).isEmpty();
      assertThat(objects.getEncoded(BUCKET.asHash(), utf8("other"))).isNull();
    }

    @Test
    void insertMergesWithTheStoredEntry() {
      objects.insert(object(BUCKET, "k", uploading(uuid(20), 20)));
      objects.insert(object(BUCKET, "k", inline(uuid(10), 10)));

      assertThat(objects.get(BUCKET.asHash(), utf8("k")).orElseThrow().versions())
          .extracting(ObjectVersion::uuid)
          .containsExactly(uuid(10), uuid(20));

      // A newer complete version trims everything before it: the LWW rule of the object table.
      objects.insert(object(BUCKET, "k", inline(uuid(30), 30)));

      assertThat(objects.get(BUCKET.asHash(), utf8("k")).orElseThrow().versions())
          .extracting(ObjectVersion::uuid)
          .containsExactly(uuid(30));
    }

    @Test
    void insertThatChangesNothingWritesNothingAndRunsNoHook() throws IOException {
      fixture.close();
      CountingSchema<S3Object> counting = new CountingSchema<>(ObjectTable.INSTANCE);
      fixture = new StoreFixture(dir, List.of(counting));
      LocalTable<S3Object> table = fixture.table(counting);
      S3Object o = object(BUCKET, "k", inline(uuid(10), 10));
      table.insert(o);
      long sequence = fixture.store.latestSequenceNumber();

      boolean sameAgain = table.insert(o);
      // An older complete version merges away: the merged entry is byte-identical to the stored.
      boolean olderVersion = table.insert(object(BUCKET, "k", inline(uuid(5), 5)));

      assertThat(sameAgain).isFalse();
      assertThat(olderVersion).isFalse();
      assertThat(counting.updates.get()).isEqualTo(1);
      assertThat(fixture.store.latestSequenceNumber()).isEqualTo(sequence);
    }

    @Test
    void batchWithOneMalformedEntryWritesNothing() {
      byte[] good = ObjectTable.INSTANCE.encode(object(BUCKET, "k", inline(uuid(1), 1)));
      byte[] bad = new byte[] {'R', '1', 'o', 'b', 'j', 0};

      assertThatThrownBy(() -> objects.insertEncoded(List.of(good, bad)))
          .isInstanceOf(MalformedEntryException.class);

      assertThat(objects.get(BUCKET.asHash(), utf8("k"))).isEmpty();
    }

    @Test
    void entriesSurviveReopeningTheStore() throws IOException {
      S3Object o = object(BUCKET, "k", inline(uuid(1), 1));
      objects.insert(o);
      fixture.close();

      fixture = new StoreFixture(dir);

      assertThat(fixture.table(ObjectTable.INSTANCE).get(BUCKET.asHash(), utf8("k"))).contains(o);
    }

    @Test
    void closedStoreFailsCleanlyInsteadOfCrashing() {
      fixture.close();

      assertThatThrownBy(() -> objects.get(BUCKET.asHash(), utf8("k")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("closed");
    }
  }

  @Nested
  class Range {
    @BeforeEach
    void fill() {
      for (String key : List.of("a", "b", "ba", "bb", "c")) {
        objects.insert(object(BUCKET, key, inline(uuid(1), 1)));
      }
      // Neighbouring partitions on both sides, with keys that would sort among ours.
      objects.insert(object(smallUuid(1), "b", inline(uuid(1), 1)));
      objects.insert(object(smallUuid(1), "zz", inline(uuid(1), 1)));
      objects.insert(object(smallUuid(3), "", inline(uuid(1), 1)));
      objects.insert(object(smallUuid(3), "a", inline(uuid(1), 1)));
    }

    private List<String> range(String start, String prefix, int limit, boolean reverse) {
      return keys(
          objects.getRange(
              BUCKET.asHash(),
              start == null ? null : utf8(start),
              prefix == null ? null : utf8(prefix),
              null,
              limit,
              reverse));
    }

    @Test
    void rangeListsOnePartitionInSortKeyOrder() {
      assertThat(range(null, null, 100, false)).containsExactly("a", "b", "ba", "bb", "c");
    }

    @Test
    void reverseRangeListsOnePartitionInDescendingOrder() {
      assertThat(range(null, null, 100, true)).containsExactly("c", "bb", "ba", "b", "a");
    }

    @Test
    void prefixKeepsOnlyMatchingSortKeys() {
      assertThat(range(null, "b", 100, false)).containsExactly("b", "ba", "bb");
      assertThat(range(null, "b", 100, true)).containsExactly("bb", "ba", "b");
      assertThat(range(null, "x", 100, false)).isEmpty();
    }

    @Test
    void startIsInclusiveAndNeedNotExist() {
      assertThat(range("b", null, 100, false)).containsExactly("b", "ba", "bb", "c");
      assertThat(range("b0", null, 100, false)).containsExactly("ba", "bb", "c");
      assertThat(range("d", null, 100, false)).isEmpty();
    }

    @Test
    void reverseStartRunsDownFromStart() {
      assertThat(range("bb", null, 100, true)).containsExactly("bb", "ba", "b", "a");
      assertThat(range("b0", null, 100, true)).containsExactly("b", "a");
      assertThat(range("zzz", null, 100, true)).containsExactly("c", "bb", "ba", "b", "a");
      assertThat(range("", null, 100, true)).isEmpty();
    }

    @Test
    void startOutsideThePrefixClampsToIt() {
      assertThat(range("a", "b", 100, false)).containsExactly("b", "ba", "bb");
      assertThat(range("c", "b", 100, false)).isEmpty();
      assertThat(range("c", "b", 100, true)).containsExactly("bb", "ba", "b");
      assertThat(range("a", "b", 100, true)).isEmpty();
    }

    @Test
    void limitCapsTheNumberOfEntries() {
      assertThat(range(null, null, 2, false)).containsExactly("a", "b");
      assertThat(range("ba", null, 2, true)).containsExactly("ba", "b");
    }

    @Test
    void nonPositiveLimitIsRejected() {
      assertThatThrownBy(() -> range(null, null, 0, false))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeOfTheLastPartitionOfTheRingReachesItsEnd() {
      Uuid last = uuid(0xFF);
      objects.insert(object(last, "x", inline(uuid(1), 1)));
      objects.insert(object(last, "\u00ff", inline(uuid(1), 1)));

      assertThat(keys(objects.getRange(last.asHash(), null, null, null, 10, false)))
          .containsExactly("x", "\u00ff");
      assertThat(keys(objects.getRange(last.asHash(), null, null, null, 10, true)))
          .containsExactly("\u00ff", "x");
      assertThat(
              keys(
                  objects.getRange(last.asHash(), null, new byte[] {(byte) 0xC3}, null, 10, false)))
          .containsExactly("\u00ff");
    }
  }

  @Nested
  class Filter {
    @BeforeEach
    void fill() {
      objects.insert(object(BUCKET, "a-deleted", deleteMarker(uuid(1), 1)));
      objects.insert(object(BUCKET, "b-uploading", uploading(uuid(1), 1)));
      objects.insert(object(BUCKET, "c-data", firstBlock(uuid(1), 1, block(7))));
      objects.insert(object(BUCKET, "d-deleted", deleteMarker(uuid(1), 1)));
      objects.insert(object(BUCKET, "e-data", inline(uuid(1), 1)));
    }

    @Test
    void filterIsAppliedBeforeTheLimit() {
      List<S3Object> page =
          objects.getRange(BUCKET.asHash(), null, null, ObjectTable.FILTER_IS_DATA, 2, false);

      assertThat(keys(page)).containsExactly("c-data", "e-data");
    }

    @Test
    void filterWorksInReverse() {
      List<S3Object> page =
          objects.getRange(BUCKET.asHash(), null, null, ObjectTable.FILTER_IS_DATA, 1, true);

      assertThat(keys(page)).containsExactly("e-data");
    }

    @Test
    void unknownFilterIsRejected() {
      assertThatThrownBy(() -> objects.getRange(BUCKET.asHash(), null, null, "nope", 10, false))
          .isInstanceOf(UnknownFilterException.class)
          .hasMessageContaining("nope");
    }
  }

  @Test
  void fullCopyTableListsEveryEntryOfItsSinglePartition() {
    LocalTable<AccessKey> keys = fixture.table(KeyTable.INSTANCE);
    keys.insert(AccessKey.create("GK2", "secret2", "two", 1, false));
    keys.insert(AccessKey.create("GK1", "secret1", "one", 1, true));

    List<AccessKey> all = keys.getRange(new Hash(new byte[32]), null, null, null, 10, false);

    assertThat(all).extracting(AccessKey::accessKeyId).containsExactly("GK1", "GK2");
  }

  @Test
  void successorIsTheFirstStringAfterAllWithThePrefix() {
    assertThat(LocalTable.successor(new byte[] {1, 2})).containsExactly(1, 3);
    assertThat(LocalTable.successor(new byte[] {1, (byte) 0xFF})).containsExactly(2);
    assertThat(LocalTable.successor(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
  }

  /** Delegates to a real schema and counts the {@code updated} hook calls. */
  static final class CountingSchema<E> implements TableSchema<E> {
    final TableSchema<E> delegate;
    final AtomicInteger updates = new AtomicInteger();

    CountingSchema(TableSchema<E> delegate) {
      this.delegate = delegate;
    }

    @Override
    public String tableName() {
      return delegate.tableName();
    }

    @Override
    public String versionMarker() {
      return delegate.versionMarker();
    }

    @Override
    public Hash partitionHash(E entry) {
      return delegate.partitionHash(entry);
    }

    @Override
    public byte[] sortKey(E entry) {
      return delegate.sortKey(entry);
    }

    @Override
    public E merge(E a, E b) {
      return delegate.merge(a, b);
    }

    @Override
    public void write(E entry, EntryWriter w) {
      delegate.write(entry, w);
    }

    @Override
    public E read(EntryReader r) {
      return delegate.read(r);
    }

    @Override
    public void updated(E old, E updated, InsertQueue queue) {
      updates.incrementAndGet();
      delegate.updated(old, updated, queue);
    }
  }
}
