package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digests, sub-range listings and hand-over removal block_ref anti-entropy relies on. */
class BlockRefDigestTest {
  private static final Duration GC_DELAY = Duration.ofMinutes(10);

  @TempDir Path dirA;
  @TempDir Path dirB;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private MetadataDb dbA;
  private MetadataDb dbB;
  private BlockRefStore a;
  private BlockRefStore b;
  private final Random random = new Random(11);

  @BeforeEach
  void open() throws Exception {
    dbA = MetadataDb.open(dirA);
    dbB = MetadataDb.open(dirB);
    a = new BlockRefStore(dbA, clock, GC_DELAY);
    b = new BlockRefStore(dbB, clock, GC_DELAY);
  }

  @AfterEach
  void close() {
    dbA.close();
    dbB.close();
  }

  private Hash block(int partition, int sub) {
    byte[] h = new byte[32];
    random.nextBytes(h);
    h[0] = (byte) partition;
    h[1] = (byte) sub;
    return new Hash(h);
  }

  private static byte[] digestOf(byte[] digests, int sub) {
    return Arrays.copyOfRange(digests, sub * 32, sub * 32 + 32);
  }

  @Test
  void equalTablesHaveEqualDigestsAndOneDifferenceShowsInItsSubRangeOnly() throws Exception {
    List<BlockRef> refs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      refs.add(new BlockRef(block(7, i % 50), Uuid.random(), i % 9 == 0));
    }
    a.insert(refs);
    b.insert(refs.reversed());
    assertThat(a.digests(7)).isEqualTo(b.digests(7));
    assertThat(digestOf(a.digests(7), 200)).containsOnly(0);

    // A tombstone reaching only b changes b's digest of that sub-range and of no other.
    BlockRef first = refs.get(1); // live: i = 1 is not a multiple of 9
    b.insert(List.of(new BlockRef(first.block(), first.version(), true)));
    int sub = first.block().bytes()[1] & 0xff;
    byte[] da = a.digests(7);
    byte[] db = b.digests(7);
    for (int s = 0; s < BlockRefStore.SUB_RANGES; s++) {
      assertThat(Arrays.equals(digestOf(da, s), digestOf(db, s))).isEqualTo(s != sub);
    }
    // Exchanging that sub-range's entries both ways makes them equal again.
    a.insert(b.entries(7, sub).stream().map(BlockRefTable.INSTANCE::decode).toList());
    assertThat(a.digests(7)).isEqualTo(b.digests(7));
    assertThat(a.digests(8)).isEqualTo(new byte[32 * 256]);
  }

  @Test
  void handedOverEntriesLeaveAndTheirBlocksBecomeDeletable() throws Exception {
    Hash h = block(3, 1);
    Uuid v = Uuid.random();
    a.insert(List.of(new BlockRef(h, v, false)));
    assertThat(a.holdsPartition(3)).isTrue();
    assertThat(a.rc(h)).isEqualTo(new RcEntry.Present(1));

    List<byte[]> entries = a.entries(3, 1);
    // Changed after the hand-over was prepared: it stays.
    a.insert(List.of(new BlockRef(h, v, true)));
    assertThat(a.removeHandedOver(entries)).isZero();
    // Handed over as stored now: it leaves.
    assertThat(a.removeHandedOver(a.entries(3, 1))).isEqualTo(1);
    assertThat(a.holdsPartition(3)).isFalse();
    assertThat(a.rc(h)).isInstanceOf(RcEntry.Deletable.class);
  }

  @Test
  void aLiveEntryHandedOverDropsTheCount() throws Exception {
    Hash h = block(4, 2);
    a.insert(List.of(new BlockRef(h, Uuid.random(), false), new BlockRef(h, Uuid.random(), false)));
    assertThat(a.removeHandedOver(a.entries(4, 2))).isEqualTo(2);
    assertThat(a.rc(h)).isEqualTo(new RcEntry.Deletable(clock.millis() + GC_DELAY.toMillis()));
  }

  @Test
  void becomingReferencedIsReportedOncePerBlock() throws Exception {
    Hash h = block(5, 5);
    List<Hash> referenced = new ArrayList<>();
    a.insert(
        List.of(new BlockRef(h, Uuid.random(), false), new BlockRef(h, Uuid.random(), false)),
        referenced::add);
    assertThat(referenced).containsExactly(h);
  }
}
