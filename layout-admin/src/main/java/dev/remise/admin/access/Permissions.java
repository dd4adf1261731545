package dev.remise.admin.access;

/**
 * The flags of a grant or revocation (Garage's ApiBucketKeyPerm): AllowBucketKey sets the flags
 * that are true, DenyBucketKey clears them; false flags leave the current value alone.
 */
public record Permissions(boolean read, boolean write, boolean owner) {
  public static final Permissions NONE = new Permissions(false, false, false);
  public static final Permissions ALL = new Permissions(true, true, true);

  public boolean any() {
    return read || write || owner;
  }
}
