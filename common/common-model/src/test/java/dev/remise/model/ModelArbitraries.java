package dev.remise.model;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import dev.remise.model.admin.BucketKeyPerm;
import dev.remise.model.s3.ObjectVersion;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Building blocks for generated model entries. Merge properties draw ids, timestamps and values
 * from small pools so that collisions (same key on both sides, equal timestamps) happen in most
 * tries; codec properties use the unrestricted variants.
 */
public final class ModelArbitraries {
  private ModelArbitraries() {}

  /** A readable id: 32 times the byte {@code n}; ids order as their {@code n}. */
  public static Uuid uuid(int n) {
    byte[] b = new byte[Hash.LENGTH];
    Arrays.fill(b, (byte) n);
    return new Uuid(b);
  }

  /** A readable hash: 32 times the byte {@code n}. */
  public static Hash hash(int n) {
    byte[] b = new byte[Hash.LENGTH];
    Arrays.fill(b, (byte) n);
    return new Hash(b);
  }

  /** One of {@code size} distinct readable ids. */
  public static Arbitrary<Uuid> uuidPool(int size) {
    return Arbitraries.integers().between(1, size).map(ModelArbitraries::uuid);
  }

  /** One of {@code size} distinct readable hashes (distinct from the pooled ids). */
  public static Arbitrary<Hash> hashPool(int size) {
    return Arbitraries.integers().between(1, size).map(i -> hash(0xa0 + i));
  }

  public static Arbitrary<Uuid> anyUuid() {
    return Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH).map(Uuid::new);
  }

  public static Arbitrary<Hash> anyHash() {
    return Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH).map(Hash::new);
  }

  /**
   * Short strings: mostly from a small pool (including the empty string and non-ASCII), sometimes
   * any Unicode text.
   */
  @SuppressWarnings("unchecked")
  public static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("", "a", "b", "é", "日本")),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(6)));
  }

  public static Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
  }

  public static Arbitrary<Long> smallTimestamps() {
    return Arbitraries.longs().between(0, 2);
  }

  /** Any 64-bit value, with its edge cases (0, -1, min, max) mixed in. */
  public static Arbitrary<Long> anyLong() {
    return Arbitraries.longs();
  }

  /** Mostly false: a deleted entry absorbs everything, so it should not be in every try. */
  public static Arbitrary<Boolean> rarelyTrue() {
    return Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
  }

  public static <T> Arbitrary<Lww<T>> lww(Arbitrary<Long> timestamps, Arbitrary<T> values) {
    return Combinators.combine(timestamps, values).as(Lww::new);
  }

  public static Arbitrary<BucketKeyPerm> perms(Arbitrary<Long> timestamps) {
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Combinators.combine(timestamps, flag, flag, flag).as(BucketKeyPerm::new);
  }

  public static Arbitrary<ObjectVersion.Checksum> checksums() {
    return Combinators.combine(Arbitraries.of("CRC32", "SHA256"), Arbitraries.of("AAAAAA==", "x"))
        .as(ObjectVersion.Checksum::new);
  }

  public static Arbitrary<ObjectVersion.Headers> headers() {
    Arbitrary<ObjectVersion.Header> header =
        Combinators.combine(Arbitraries.of("content-type", "x-amz-meta-a"), text())
            .as(ObjectVersion.Header::new);
    return Combinators.combine(header.list().ofMaxSize(2), checksums().injectNull(0.5))
        .as(ObjectVersion.Headers::new);
  }

  public static Arbitrary<ObjectVersion.Meta> metas() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 3), Arbitraries.of("e1", "e2"), headers())
        .as(ObjectVersion.Meta::new);
  }

  /** Any complete data: a delete marker, inline bytes or a pointer to the first block. */
  public static Arbitrary<ObjectVersion.Data> data() {
    return Arbitraries.oneOf(
        Arbitraries.just(new ObjectVersion.Data.DeleteMarker()),
        Combinators.combine(metas(), bytes()).as(ObjectVersion.Data.Inline::new),
        Combinators.combine(metas(), hashPool(3)).as(ObjectVersion.Data.FirstBlock::new));
  }

  public static Arbitrary<ObjectVersion.State.Uploading> uploading() {
    return Combinators.combine(Arbitraries.of(true, false), headers())
        .as(ObjectVersion.State.Uploading::new);
  }
}
