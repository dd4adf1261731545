package dev.remise.s3.object;

import dev.remise.core.Hash;
import dev.remise.core.Timestamps;
import dev.remise.core.Uuid;
import dev.remise.model.s3.BlockRef;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.MultipartUpload;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.ObjectVersion;
import dev.remise.model.s3.ObjectVersion.Data;
import dev.remise.model.s3.ObjectVersion.State;
import dev.remise.model.s3.S3Object;
import dev.remise.model.s3.Version;
import dev.remise.model.s3.VersionTable;
import dev.remise.rpc.BlockClient;
import dev.remise.rpc.TableClient;
import dev.remise.s3.api.CompleteMultipartUploadRequest;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import dev.remise.sigv4.Checksummer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Multipart uploads (Garage's multipart.rs). The upload is an {@code Uploading(multipart)} version
 * of the object whose uuid is the upload id, plus a multipart_upload entry listing part attempts.
 * Each part attempt has its own version entry and blocks; completion assembles the final version
 * entry (upload id) from the chosen attempts, renumbering parts 1..n, references their blocks from
 * it, and only then makes the object version {@code Complete}. The object's {@code updated} hook
 * then ends the upload entry, whose hook drops the part versions; the final version's references
 * keep the blocks.
 */
public final class MultipartUploads {
  /** AWS's minimum size of every part but the last. */
  static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  private final TableClient tables;
  private final BlockClient blocks;
  private final ObjectWriter writer;
  private final InstantSource clock;

  public MultipartUploads(
      TableClient tables, BlockClient blocks, ObjectWriter writer, InstantSource clock) {
    this.tables = tables;
    this.blocks = blocks;
    this.writer = writer;
    this.clock = clock;
  }

  /** CreateMultipartUpload: returns the upload id (64 hex digits). */
  public String create(Uuid bucketId, String key, List<ObjectVersion.Header> headers) {
    Optional<S3Object> existing = object(bucketId, key);
    long timestamp = Timestamps.next(existing.map(S3Object::lastTimestamp).orElse(0L), clock);
    Uuid uploadId = Uuid.random();
    tables.insert(
        MultipartUploadTable.INSTANCE, MultipartUpload.create(uploadId, timestamp, bucketId, key));
    tables.insert(
        ObjectTable.INSTANCE,
        new S3Object(
            bucketId,
            key,
            List.of(
                new ObjectVersion(
                    uploadId,
                    timestamp,
                    new State.Uploading(true, new ObjectVersion.Headers(headers, null))))));
    return uploadId.hex();
  }

  /** UploadPart: streams one attempt at a part and returns its ETag (unquoted hex MD5). */
  public ObjectWriter.PutResult uploadPart(
      Uuid bucketId,
      String key,
      String uploadIdHex,
      int partNumber,
      InputStream body,
      long expectedLength,
      PutChecks checks)
      throws IOException {
    Upload upload = open(bucketId, key, uploadIdHex);
    long timestamp =
        Timestamps.next(
            upload.mpu().parts().keySet().stream()
                .filter(k -> k.partNumber() == partNumber)
                .mapToLong(MultipartUpload.PartKey::timestamp)
                .max()
                .orElse(0L),
            clock);
    MultipartUpload.PartKey partKey = new MultipartUpload.PartKey(partNumber, timestamp);
    Uuid partVersion = Uuid.random();
    Version.Backlink backlink = new Version.Backlink.MultipartUpload(upload.id());
    tables.insert(
        MultipartUploadTable.INSTANCE,
        upload.mpu().withPart(partKey, new MultipartUpload.Part(partVersion, null, null, null)));
    MessageDigest md5 = ObjectWriter.md5();
    Checksummer checksummer =
        checks.algorithm() == null ? null : checks.algorithm().newChecksummer();
    try {
      byte[] first = writer.readBlock(body);
      ObjectWriter.Written written =
          writer.writeBlocks(partVersion, backlink, partNumber, first, body, md5, checksummer);
      ObjectVersion.Meta meta =
          writer.finish(md5, checksummer, written.size(), expectedLength, checks, List.of());
      tables.insert(
          MultipartUploadTable.INSTANCE,
          upload
              .mpu()
              .withPart(
                  partKey,
                  new MultipartUpload.Part(
                      partVersion, meta.etag(), meta.size(), meta.headers().checksum())));
      return new ObjectWriter.PutResult(
          partVersion, meta.etag(), meta.size(), meta.headers().checksum());
    } catch (RuntimeException | IOException e) {
      try {
        tables.insert(VersionTable.INSTANCE, Version.deleted(partVersion, backlink));
      } catch (RuntimeException ignored) {
        // The part stays without an ETag, so it can never be completed; abort or expiry removes it.
      }
      throw e;
    }
  }

  /**
   * CompleteMultipartUpload: returns the object's ETag ({@code hex(md5(part md5s))-n}, unquoted).
   */
  public String complete(
      Uuid bucketId, String key, String uploadIdHex, CompleteMultipartUploadRequest request) {
    Upload upload = open(bucketId, key, uploadIdHex);
    List<MultipartUpload.Part> chosen = new ArrayList<>();
    int previous = 0;
    for (var listed : request.parts()) {
      if (listed.partNumber() <= previous) {
        throw new S3Exception(
            S3Error.INVALID_PART_ORDER, "The list of parts was not in ascending order.");
      }
      previous = listed.partNumber();
      MultipartUpload.Part part =
          upload.mpu().parts().entrySet().stream()
              .filter(e -> e.getKey().partNumber() == listed.partNumber())
              .map(Map.Entry::getValue)
              .filter(p -> p.isComplete() && p.etag().equals(listed.etag()))
              .reduce((a, b) -> b)
              .orElseThrow(
                  () ->
                      new S3Exception(
                          S3Error.INVALID_PART,
                          "Part "
                              + listed.partNumber()
                              + " was not uploaded with ETag "
                              + listed.etag()));
      chosen.add(part);
    }
    for (int i = 0; i < chosen.size() - 1; i++) {
      if (chosen.get(i).size() < MIN_PART_SIZE) {
        throw new S3Exception(
            S3Error.ENTITY_TOO_SMALL,
            "Your proposed upload is smaller than the minimum allowed object size: every part but the last"
                + " must be at least 5 MiB.");
      }
    }

    Version assembled = Version.empty(upload.id(), new Version.Backlink.Object(bucketId, key));
    MessageDigest etags = ObjectWriter.md5();
    long size = 0;
    Hash firstBlock = null;
    List<BlockRef> refs = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      MultipartUpload.Part part = chosen.get(i);
      Version partVersion =
          tables
              .get(VersionTable.INSTANCE, part.version().asHash(), new byte[0])
              .filter(v -> !v.deleted())
              .orElseThrow(
                  () ->
                      new S3Exception(
                          S3Error.INVALID_PART, "A listed part is no longer available"));
      for (var b : partVersion.blocks().entrySet()) {
        assembled =
            assembled.withBlock(new Version.BlockKey(i + 1, b.getKey().offset()), b.getValue());
        refs.add(new BlockRef(b.getValue().hash(), upload.id(), false));
        if (firstBlock == null) {
          firstBlock = b.getValue().hash();
        }
      }
      etags.update(HexFormat.of().parseHex(part.etag()));
      size += part.size();
    }
    // The final version and its references exist before the object points at it, so the blocks are
    // held
    // by two references (part and final) until the part versions are dropped.
    tables.insert(VersionTable.INSTANCE, assembled);
    blocks.insertRefs(BlockRefTable.INSTANCE, refs);
    String etag = HexFormat.of().formatHex(etags.digest()) + "-" + chosen.size();
    ObjectVersion.Meta meta = new ObjectVersion.Meta(size, etag, upload.headers());
    Data data =
        firstBlock == null
            ? new Data.Inline(meta, new byte[0])
            : new Data.FirstBlock(meta, firstBlock);
    tables.insert(
        ObjectTable.INSTANCE,
        new S3Object(
            bucketId,
            key,
            List.of(new ObjectVersion(upload.id(), upload.timestamp(), new State.Complete(data)))));
    return etag;
  }

  /** AbortMultipartUpload: the version becomes Aborted and the cascade removes parts and blocks. */
  public void abort(Uuid bucketId, String key, String uploadIdHex) {
    Upload upload = open(bucketId, key, uploadIdHex);
    tables.insert(
        ObjectTable.INSTANCE,
        new S3Object(
            bucketId,
            key,
            List.of(new ObjectVersion(upload.id(), upload.timestamp(), new State.Aborted()))));
  }

  private record Upload(
      Uuid id, long timestamp, MultipartUpload mpu, ObjectVersion.Headers headers) {}

  /**
   * The upload, if it exists for this bucket and key and is still in progress; else NoSuchUpload.
   */
  private Upload open(Uuid bucketId, String key, String uploadIdHex) {
    Uuid id;
    try {
      id = Uuid.fromHex(uploadIdHex == null ? "" : uploadIdHex);
    } catch (IllegalArgumentException e) {
      throw noSuchUpload();
    }
    MultipartUpload mpu =
        tables
            .get(MultipartUploadTable.INSTANCE, id.asHash(), new byte[0])
            .filter(m -> !m.deleted() && m.bucketId().equals(bucketId) && m.key().equals(key))
            .orElseThrow(MultipartUploads::noSuchUpload);
    ObjectVersion version =
        object(bucketId, key)
            .flatMap(o -> o.version(id))
            .filter(v -> v.state() instanceof State.Uploading u && u.multipart())
            .orElseThrow(MultipartUploads::noSuchUpload);
    return new Upload(id, version.timestamp(), mpu, ((State.Uploading) version.state()).headers());
  }

  private Optional<S3Object> object(Uuid bucketId, String key) {
    return tables.get(
        ObjectTable.INSTANCE, bucketId.asHash(), key.getBytes(StandardCharsets.UTF_8));
  }

  private static S3Exception noSuchUpload() {
    return new S3Exception(
        S3Error.NO_SUCH_UPLOAD,
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been"
            + " aborted or completed.");
  }
}
