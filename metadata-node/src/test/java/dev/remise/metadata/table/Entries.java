package dev.remise.metadata.table;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import java.util.Arrays;
import java.util.List;

/** Small, deterministic table entries for tests. */
public final class Entries {
  private Entries() {}

  /** A uuid whose 32 bytes are all {@code b}, so tests can place it exactly on the ring. */
  public static Uuid uuid(int b) {
    byte[] bytes = new byte[Hash.LENGTH];
    Arrays.fill(bytes, (byte) b);
    return new Uuid(bytes);
  }

  /** A uuid of 31 zero bytes then {@code b}: neighbours on the ring for consecutive {@code b}. */
  public static Uuid smallUuid(int b) {
    byte[] bytes = new byte[Hash.LENGTH];
    bytes[Hash.LENGTH - 1] = (byte) b;
    return new Uuid(bytes);
  }

  public static Hash block(int b) {
    return uuid(b).asHash();
  }

  public static S3Object object(Uuid bucket, String key, ObjectVersion... versions) {
    return new S3Object(bucket, key, List.of(versions));
  }

  public static ObjectVersion firstBlock(Uuid version, long timestamp, Hash firstBlock) {
    return new ObjectVersion(
        version, timestamp, new State.Complete(new Data.FirstBlock(meta(), firstBlock)));
  }

  public static ObjectVersion inline(Uuid version, long timestamp) {
    return new ObjectVersion(
        version, timestamp, new State.Complete(new Data.Inline(meta(), new byte[] {1, 2, 3})));
  }

  public static ObjectVersion deleteMarker(Uuid version, long timestamp) {
    return new ObjectVersion(version, timestamp, new State.Complete(new Data.DeleteMarker()));
  }

  public static ObjectVersion uploading(Uuid version, long timestamp) {
    return new ObjectVersion(
        version, timestamp, new State.Uploading(false, ObjectVersion.Headers.none()));
  }

  /** A live version of an object with the given blocks at offsets 0, 1 MiB, 2 MiB... */
  public static Version version(Uuid uuid, Uuid bucket, String key, Hash... blocks) {
    Version v = Version.empty(uuid, new Version.Backlink.Object(bucket, key));
    for (int i = 0; i < blocks.length; i++) {
      v =
          v.withBlock(
              new Version.BlockKey(1, (long) i << 20), new Version.Block(blocks[i], 1 << 20));
    }
    return v;
  }

  private static ObjectVersion.Meta meta() {
    return new ObjectVersion.Meta(3, "etag", ObjectVersion.Headers.none());
  }
}
