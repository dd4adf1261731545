package dev.remise.s3.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One bucket in a ListBuckets answer.
 *
 * @param name the bucket name the caller knows it by
 * @param creationDate when the bucket was created
 */
public record ListedBucket(String name, Instant creationDate) {
  public ListedBucket {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(creationDate, "creationDate");
  }
}
