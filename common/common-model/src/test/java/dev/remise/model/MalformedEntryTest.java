package dev.remise.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.remise.model.EncodedEntries.Encoded;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.VersionTable;
import dev.remise.table.MalformedEntryException;
import dev.remise.table.TableSchema;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not a valid entry (corrupt storage, a bad or hostile peer) fail with
 * MalformedEntryException, which the table layer reports as such, and never with another exception
 * or by allocating what a corrupt count asks for.
 */
class MalformedEntryTest {

  @Provide
  Arbitrary<Encoded> entries() {
    return EncodedEntries.any();
  }

  private static void assertMalformed(Encoded e, byte[] data) {
    Throwable thrown = catchThrowable(() -> e.decode(data));
    assertThat(thrown)
        .as("%s decoding %s", e.table().tableName(), HexFormat.of().formatHex(data))
        .isInstanceOf(MalformedEntryException.class);
  }

  @Property(tries = 300)
  void anEntryTruncatedAtAnyLengthIsMalformed(@ForAll("entries") Encoded e) {
    for (int length = 0; length < e.bytes().length; length++) {
      assertMalformed(e, Arrays.copyOf(e.bytes(), length));
    }
  }

  @Property(tries = 300)
  void trailingBytesAfterAnEntryAreMalformed(
      @ForAll("entries") Encoded e, @ForAll @Size(min = 1, max = 4) byte[] extra) {
    byte[] data = Arrays.copyOf(e.bytes(), e.bytes().length + extra.length);
    System.arraycopy(extra, 0, data, e.bytes().length, extra.length);

    assertMalformed(e, data);
  }

  @Property(tries = 300)
  void aWrongVersionMarkerIsMalformed(
      @ForAll("entries") Encoded e, @ForAll @IntRange(min = 0, max = 4) int position) {
    byte[] data = e.bytes().clone();
    int i = position % e.table().versionMarker().length();
    data[i] = (byte) (data[i] ^ 0x01);

    assertMalformed(e, data);
  }

  @Test
  void anEntryOfAnotherTableIsMalformed() {
    for (Encoded e : EncodedEntries.golden()) {
      for (TableSchema<?> other : EncodedEntries.TABLES) {
        if (other != e.table()) {
          assertMalformed(new Encoded(other, e.bytes()), e.bytes());
        }
      }
    }
  }

  /** A corruption that decodes to some other entry is acceptable; any other exception is not. */
  @Property(tries = 1000)
  void aCorruptedEntryDecodesOrIsMalformedButNeverThrowsAnythingElse(
      @ForAll("entries") Encoded e,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll("corruptions") Corruption corruption) {
    byte[] data = corruption.apply(e.bytes(), position % e.bytes().length);
    try {
      e.decode(data);
    } catch (MalformedEntryException expected) {
      // the only acceptable failure
    }
  }

  /** Ways storage or a peer may damage an entry. */
  enum Corruption {
    FLIP_BIT,
    ZERO_BYTE,
    MAX_BYTE,
    HUGE_I32,
    NEGATIVE_I32,
    MIN_I32,
    DROP_BYTE,
    INSERT_BYTE;

    byte[] apply(byte[] original, int i) {
      byte[] d = original.clone();
      return switch (this) {
        case FLIP_BIT -> {
          d[i] ^= (byte) (1 << (i % 8));
          yield d;
        }
        case ZERO_BYTE -> {
          d[i] = 0;
          yield d;
        }
        case MAX_BYTE -> {
          d[i] = (byte) 0xFF;
          yield d;
        }
        case HUGE_I32 -> overwrite(d, i, 0x7FFFFFFF);
        case NEGATIVE_I32 -> overwrite(d, i, -1);
        case MIN_I32 -> overwrite(d, i, Integer.MIN_VALUE);
        case DROP_BYTE -> {
          byte[] r = new byte[d.length - 1];
          System.arraycopy(d, 0, r, 0, i);
          System.arraycopy(d, i + 1, r, i, d.length - i - 1);
          yield r;
        }
        case INSERT_BYTE -> {
          byte[] r = new byte[d.length + 1];
          System.arraycopy(d, 0, r, 0, i);
          r[i] = (byte) 0x80;
          System.arraycopy(d, i, r, i + 1, d.length - i);
          yield r;
        }
      };
    }

    private static byte[] overwrite(byte[] d, int i, int value) {
      byte[] v = ByteBuffer.allocate(4).putInt(value).array();
      for (int k = 0; k < 4 && i + k < d.length; k++) {
        d[i + k] = v[k];
      }
      return d;
    }
  }

  @Provide
  Arbitrary<Corruption> corruptions() {
    return Arbitraries.of(Corruption.class);
  }

  // --- corrupt counts and lengths at known positions (offsets follow EntryGoldenBytesTest)

  /** A list count or string length in a golden entry: where it is and what it holds. */
  record Count(String what, Encoded entry, int offset, int value) {
    @Override
    public String toString() {
      return what;
    }
  }

  private static <E> Encoded encoded(TableSchema<E> table, E entry) {
    return new Encoded(table, table.encode(entry));
  }

  static List<Count> counts() {
    var object = encoded(ObjectTable.INSTANCE, GoldenEntries.OBJECT);
    var bucket = encoded(BucketTable.INSTANCE, GoldenEntries.BUCKET);
    var bucketEmpty = encoded(BucketTable.INSTANCE, GoldenEntries.BUCKET_EMPTY);
    var key = encoded(KeyTable.INSTANCE, GoldenEntries.KEY);
    var keyEmpty = encoded(KeyTable.INSTANCE, GoldenEntries.KEY_EMPTY);
    return List.of(
        // marker 5 + bucket id 32
        new Count("object key length", object, 37, 1),
        // ... + key "k" (4 + 1)
        new Count("object version count", object, 42, 3),
        new Count(
            "object version count, no versions",
            encoded(ObjectTable.INSTANCE, GoldenEntries.OBJECT_NO_VERSIONS),
            42,
            0),
        // ... + count 4 + uuid 32 + ts 8 + tags 2 + size 8 + etag "e" (4 + 1)
        new Count("object header count", object, 101, 1),
        // marker 5 + uuid 32 + deleted 1
        new Count(
            "version block count", encoded(VersionTable.INSTANCE, GoldenEntries.VERSION), 38, 1),
        new Count(
            "version block count, no blocks",
            encoded(VersionTable.INSTANCE, GoldenEntries.VERSION_NO_BLOCKS),
            38,
            0),
        // marker 5 + upload id 32 + ts 8 + deleted 1 + bucket id 32 + key "k" (4 + 1)
        new Count(
            "upload part count",
            encoded(MultipartUploadTable.INSTANCE, GoldenEntries.UPLOAD),
            83,
            1),
        new Count(
            "upload part count, no parts",
            encoded(MultipartUploadTable.INSTANCE, GoldenEntries.UPLOAD_NO_PARTS),
            83,
            0),
        // marker 5 + id 32 + deleted 1 + creation date 8
        new Count("bucket key count", bucket, 46, 1),
        // ... + count 4 + "GK1" (4 + 3) + perm (8 + 3)
        new Count("bucket global alias count", bucket, 68, 1),
        // ... + count 4 + "b" (4 + 1) + ts 8 + flag 1
        new Count("bucket local alias count", bucket, 86, 1),
        new Count("bucket key count, no keys", bucketEmpty, 46, 0),
        new Count("bucket global alias count, no aliases", bucketEmpty, 50, 0),
        new Count("bucket local alias count, no aliases", bucketEmpty, 54, 0),
        // marker 5 + id "GK1" (4 + 3) + deleted 1 + secret "s" (4 + 1) + created 8
        //   + name (8 + 4 + 1) + allow create (8 + 1)
        new Count("key bucket count", key, 48, 1),
        // ... + count 4 + bucket id 32 + perm (8 + 3)
        new Count("key local alias count", key, 95, 1),
        new Count("key bucket count, no buckets", keyEmpty, 48, 0),
        new Count("key local alias count, no aliases", keyEmpty, 52, 0));
  }

  static Stream<Arguments> hugeCounts() {
    return counts().stream()
        .flatMap(
            c ->
                Stream.of(0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 0x01000000)
                    .map(v -> Arguments.of(c, v)));
  }

  @Test
  void theCountOffsetsPointAtTheCounts() {
    for (Count c : counts()) {
      assertThat(ByteBuffer.wrap(c.entry().bytes()).getInt(c.offset()))
          .as(c.what())
          .isEqualTo(c.value());
    }
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("hugeCounts")
  void aHugeOrNegativeCountIsMalformed(Count c, int corrupt) {
    byte[] data = c.entry().bytes().clone();
    ByteBuffer.wrap(data).putInt(c.offset(), corrupt);

    assertMalformed(c.entry(), data);
  }

  // --- bad tags and booleans

  private static Encoded patched(Encoded e, int offset, int value) {
    byte[] data = e.bytes().clone();
    data[offset] = (byte) value;
    return new Encoded(e.table(), data);
  }

  @Test
  void aBooleanOtherThanZeroOrOneIsMalformed() {
    // marker 4 + hash 32 + uuid 32: the deleted flag
    Encoded ref = encoded(BlockRefTable.INSTANCE, GoldenEntries.BLOCK_REF);
    Encoded bad = patched(ref, 68, 2);

    assertMalformed(bad, bad.bytes());
  }

  @Test
  void anUnknownTagIsMalformed() {
    Encoded object = encoded(ObjectTable.INSTANCE, GoldenEntries.OBJECT);
    // marker 5 + bucket 32 + key 5 + count 4 + uuid 32 + ts 8: state tag, then data tag
    Encoded badState = patched(object, 86, 3);
    Encoded badData = patched(object, 87, 3);
    // marker 5 + uuid 32 + deleted 1 + count 4: the backlink tag of a version without blocks
    Encoded badBacklink =
        patched(encoded(VersionTable.INSTANCE, GoldenEntries.VERSION_NO_BLOCKS), 42, 2);

    assertMalformed(badState, badState.bytes());
    assertMalformed(badData, badData.bytes());
    assertMalformed(badBacklink, badBacklink.bytes());
  }

  @Test
  void aStringThatIsNotUtf8IsMalformed() {
    // the object key "k" at offset 41
    Encoded object = patched(encoded(ObjectTable.INSTANCE, GoldenEntries.OBJECT), 41, 0xC3);

    assertMalformed(object, object.bytes());
  }
}
