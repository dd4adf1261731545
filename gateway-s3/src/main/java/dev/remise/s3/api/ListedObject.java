package dev.remise.s3.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One object as a listing shows it.
 *
 * @param key the object key
 * @param size the object size in bytes
 * @param etag the entity tag without quotes (listings add them)
 * @param lastModified when the current version was written
 */
public record ListedObject(String key, long size, String etag, Instant lastModified) {
  public ListedObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
