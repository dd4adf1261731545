package dev.remise.model.s3;

import dev.remise.core.Uuid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * An entry of the object table (P = bucket id, S = key): the versions of one key, sorted by
 * (timestamp, uuid).
 *
 * <p>The merge is Garage's: union of the versions (states of the same version merged), then every
 * version before the last complete one is dropped. So the newest complete version is "the" object,
 * in-progress uploads newer than it are kept, and overwritten versions disappear, which the {@code
 * updated} hook turns into deletions.
 */
public record S3Object(Uuid bucketId, String key, List<ObjectVersion> versions) {

  public S3Object {
    versions = List.copyOf(versions);
  }

  public Optional<ObjectVersion> lastComplete() {
    for (int i = versions.size() - 1; i >= 0; i--) {
      if (versions.get(i).isComplete()) {
        return Optional.of(versions.get(i));
      }
    }
    return Optional.empty();
  }

  /** The version GET serves, if the key currently has data. */
  public Optional<ObjectVersion> lastData() {
    return lastComplete().filter(ObjectVersion::isData);
  }

  public long lastTimestamp() {
    return versions.isEmpty() ? 0 : versions.getLast().timestamp();
  }

  /**
   * This entry's newest timestamp if it holds a version that is not one of {@code incoming}'s and
   * is at least as new as {@code incoming}'s newest: then {@code incoming}'s newest version would
   * not be the last (or would be merged away), and its writer must choose a later timestamp. Empty
   * otherwise, also when this entry already holds {@code incoming}'s versions (a repeated write).
   */
  public OptionalLong newerThan(S3Object incoming) {
    long newest = incoming.lastTimestamp();
    Set<Uuid> own = new HashSet<>();
    incoming.versions.forEach(v -> own.add(v.uuid()));
    for (ObjectVersion v : versions) {
      if (v.timestamp() >= newest && !own.contains(v.uuid())) {
        return OptionalLong.of(lastTimestamp());
      }
    }
    return OptionalLong.empty();
  }

  public Optional<ObjectVersion> version(Uuid uuid) {
    return versions.stream().filter(v -> v.uuid().equals(uuid)).findFirst();
  }

  /** Tombstone: nothing left but one delete marker. */
  public boolean isTombstone() {
    return versions.size() == 1
        && versions.getFirst().state()
            instanceof ObjectVersion.State.Complete(ObjectVersion.Data.DeleteMarker d);
  }

  public S3Object merge(S3Object other) {
    TreeMap<ObjectVersion, ObjectVersion> byKey = new TreeMap<>();
    for (ObjectVersion v : versions) {
      byKey.put(v, v);
    }
    for (ObjectVersion v : other.versions) {
      byKey.merge(v, v, (a, b) -> new ObjectVersion(a.uuid(), a.timestamp(), mergeStates(a, b)));
    }
    List<ObjectVersion> merged = new ArrayList<>(byKey.values());
    int lastComplete = -1;
    for (int i = 0; i < merged.size(); i++) {
      if (merged.get(i).isComplete()) {
        lastComplete = i;
      }
    }
    List<ObjectVersion> kept =
        lastComplete <= 0 ? merged : merged.subList(lastComplete, merged.size());
    return new S3Object(bucketId, key, Collections.unmodifiableList(kept));
  }

  private static int rank(ObjectVersion.State s) {
    return switch (s) {
      case ObjectVersion.State.Uploading u -> 0;
      case ObjectVersion.State.Aborted a -> 1;
      case ObjectVersion.State.Complete c -> 2;
    };
  }

  private static ObjectVersion.State mergeStates(ObjectVersion a, ObjectVersion b) {
    ObjectVersion.State x = a.state();
    ObjectVersion.State y = b.state();
    // States only move forward along Uploading < Aborted < Complete. A completed version stays
    // complete even
    // if an abort arrives later (an AbortMultipartUpload racing the completion, a writer that saw
    // its Complete
    // fail on some replicas): the object merge trims everything older than the last complete
    // version, so
    // letting an abort undo a completion would make the merge order-dependent and resurrect trimmed
    // versions
    // whose data the cascade already deleted.
    int rx = rank(x);
    int ry = rank(y);
    if (rx != ry) {
      return rx > ry ? x : y;
    }
    // Two states of the same kind should be equal; if a writer misbehaved, pick one
    // deterministically (by its
    // encoding) so that replicas still converge.
    return ObjectTable.compareEncoded(x, y) >= 0 ? x : y;
  }
}
