package dev.remise.model.admin;

/**
 * What one access key may do in one bucket, stamped so that the latest grant or revocation wins.
 * Equal stamps (two admins at the same millisecond) join by OR, which keeps merges commutative.
 */
public record BucketKeyPerm(long timestamp, boolean read, boolean write, boolean owner) {

  public static final BucketKeyPerm NONE = new BucketKeyPerm(0, false, false, false);

  public BucketKeyPerm merge(BucketKeyPerm o) {
    if (o.timestamp > timestamp) {
      return o;
    }
    if (o.timestamp < timestamp) {
      return this;
    }
    return new BucketKeyPerm(timestamp, read || o.read, write || o.write, owner || o.owner);
  }

  public boolean any() {
    return read || write || owner;
  }
}
