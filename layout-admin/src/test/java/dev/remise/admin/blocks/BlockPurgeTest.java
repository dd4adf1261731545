package dev.remise.admin.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.admin.metadata.InMemoryMetadataClient;
import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockPurgeTest {
  private final InMemoryMetadataClient tables = new InMemoryMetadataClient();
  private final BlockPurge purge = new BlockPurge(tables, java.time.InstantSource.system());
  private final Uuid bucket = Uuid.random();
  private final Hash lost = Blake2.sum("lost block");

  private static ObjectVersion complete(Uuid v, long ts, Hash first) {
    return new ObjectVersion(
        v,
        ts,
        new ObjectVersion.State.Complete(
            new ObjectVersion.Data.FirstBlock(
                new ObjectVersion.Meta(10, "etag", ObjectVersion.Headers.none()), first)));
  }

  @Test
  void anObjectWhoseBlockIsLostLosesThatVersionAndAnUploadIsAborted() {
    Uuid older = Uuid.random();
    Uuid newer = Uuid.random();
    Hash kept = Blake2.sum("kept");
    tables.insert(
        ObjectTable.INSTANCE, new S3Object(bucket, "k", List.of(complete(older, 1, kept))));
    tables.insert(
        ObjectTable.INSTANCE, new S3Object(bucket, "k", List.of(complete(newer, 2, lost))));
    tables.insert(
        VersionTable.INSTANCE,
        Version.empty(newer, new Version.Backlink.Object(bucket, "k"))
            .withBlock(new Version.BlockKey(1, 0), new Version.Block(lost, 10)));
    Uuid upload = Uuid.random();
    Uuid part = Uuid.random();
    tables.insert(MultipartUploadTable.INSTANCE, MultipartUpload.create(upload, 3, bucket, "big"));
    tables.insert(
        ObjectTable.INSTANCE,
        new S3Object(
            bucket,
            "big",
            List.of(
                new ObjectVersion(
                    upload,
                    3,
                    new ObjectVersion.State.Uploading(true, ObjectVersion.Headers.none())))));
    tables.insert(
        VersionTable.INSTANCE,
        Version.empty(part, new Version.Backlink.MultipartUpload(upload))
            .withBlock(new Version.BlockKey(1, 0), new Version.Block(lost, 10)));

    BlockPurge.Counts counts = purge.purge(Map.of(lost.hex(), List.of(newer, part)));

    assertThat(counts).isEqualTo(new BlockPurge.Counts(1, 1, 1, 2));
    S3Object k =
        tables
            .get(ObjectTable.INSTANCE, bucket.asHash(), "k".getBytes(StandardCharsets.UTF_8))
            .orElseThrow();
    // The newer version had already trimmed the older one (the object merge keeps the last
    // complete version): with a delete marker over it, the key serves nothing.
    assertThat(k.lastData()).isEmpty();
    assertThat(
            tables.get(VersionTable.INSTANCE, newer.asHash(), new byte[0]).orElseThrow().deleted())
        .isTrue();
    assertThat(
            tables
                .get(MultipartUploadTable.INSTANCE, upload.asHash(), new byte[0])
                .orElseThrow()
                .deleted())
        .isTrue();
    // Purging again changes nothing.
    assertThat(purge.purge(Map.of(lost.hex(), List.of(newer, part))))
        .isEqualTo(new BlockPurge.Counts(1, 0, 0, 0));
  }
}
