package dev.remise.admin.blocks;

import dev.remise.admin.metadata.MetadataClient;
import dev.remise.core.Timestamps;
import dev.remise.core.Uuid;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Garage's {@code PurgeBlocks}: gives up on blocks that are lost for good by deleting whatever
 * references them. Every version that references a purged block is deleted, and with it the object
 * it holds (a delete marker newer than it, as DeleteObject writes, when it is the object's complete
 * version; aborted while it is still uploading) or the multipart upload it is part of (aborted).
 * The cascades then delete the block references, so the nodes stop trying to resync the blocks.
 * Every write is a CRDT merge: purging twice is harmless.
 */
public final class BlockPurge {
  private static final byte[] EMPTY = new byte[0];

  private final MetadataClient tables;
  private final InstantSource clock;

  public BlockPurge(MetadataClient tables, InstantSource clock) {
    this.tables = tables;
    this.clock = clock;
  }

  /** Garage's {@code LocalPurgeBlocksResponse}. */
  public record Counts(
      long blocksPurged, long objectsDeleted, long uploadsDeleted, long versionsDeleted) {}

  /**
   * @param versionsByBlock for each block to purge, the versions referencing it (live references)
   */
  public Counts purge(Map<String, List<Uuid>> versionsByBlock) {
    long objects = 0;
    long uploads = 0;
    long versions = 0;
    for (List<Uuid> referencing : versionsByBlock.values()) {
      for (Uuid versionId : referencing) {
        Optional<Version> v = tables.get(VersionTable.INSTANCE, versionId.asHash(), EMPTY);
        if (v.isEmpty() || v.get().deleted()) {
          continue;
        }
        switch (v.get().backlink()) {
          case Version.Backlink.Object(Uuid bucket, String key) -> {
            if (abortObjectVersion(bucket, key, versionId)) {
              objects++;
            }
          }
          case Version.Backlink.MultipartUpload(Uuid uploadId) -> {
            if (abortUpload(uploadId)) {
              uploads++;
            }
          }
        }
        tables.insert(VersionTable.INSTANCE, Version.deleted(versionId, v.get().backlink()));
        versions++;
      }
    }
    return new Counts(versionsByBlock.size(), objects, uploads, versions);
  }

  private boolean abortObjectVersion(Uuid bucket, String key, Uuid versionId) {
    Optional<S3Object> object =
        tables.get(ObjectTable.INSTANCE, bucket.asHash(), key.getBytes(StandardCharsets.UTF_8));
    Optional<ObjectVersion> version =
        object.flatMap(
            o -> o.versions().stream().filter(x -> x.uuid().equals(versionId)).findFirst());
    ObjectVersion.State state = version.map(ObjectVersion::state).orElse(null);
    ObjectVersion replacement =
        switch (state) {
          case null -> null;
          case ObjectVersion.State.Aborted a -> null;
          case ObjectVersion.State.Uploading u ->
              new ObjectVersion(
                  versionId, version.get().timestamp(), new ObjectVersion.State.Aborted());
          // A complete version only gives way to a newer one: the object is deleted.
          case ObjectVersion.State.Complete c ->
              new ObjectVersion(
                  Uuid.random(),
                  Timestamps.next(object.get().lastTimestamp(), clock),
                  new ObjectVersion.State.Complete(new ObjectVersion.Data.DeleteMarker()));
        };
    if (replacement == null) {
      return false;
    }
    tables.insert(ObjectTable.INSTANCE, new S3Object(bucket, key, List.of(replacement)));
    return true;
  }

  private boolean abortUpload(Uuid uploadId) {
    Optional<MultipartUpload> upload =
        tables.get(MultipartUploadTable.INSTANCE, uploadId.asHash(), EMPTY);
    if (upload.isEmpty() || upload.get().deleted()) {
      return false;
    }
    MultipartUpload u = upload.get();
    // The upload's object version carries the upload id; aborting it ends the upload for readers
    // and cascades to the upload entry, which is deleted here too for good measure.
    abortObjectVersion(u.bucketId(), u.key(), uploadId);
    tables.insert(MultipartUploadTable.INSTANCE, u.asDeleted());
    return true;
  }
}
