package dev.remise.model.admin;

import dev.remise.core.Uuid;
import dev.remise.crdt.Lww;
import java.util.Optional;

/**
 * A global bucket name (Garage's bucket_alias table): a last-writer-wins pointer to a bucket id,
 * empty when the name was released. Two concurrent creations of the same name resolve to the later
 * one.
 */
public record BucketAlias(String name, Lww<Optional<Uuid>> bucketId) {

  public Optional<Uuid> target() {
    return bucketId.value();
  }

  public BucketAlias merge(BucketAlias o) {
    return new BucketAlias(name, bucketId.merge(o.bucketId, BucketAlias::tieBreak));
  }

  private static Optional<Uuid> tieBreak(Optional<Uuid> a, Optional<Uuid> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}
