package dev.remise.s3.object;

import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import java.util.Optional;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 §14), resolved against the object size
 * as {@code [start, end)}. S3 serves a single range; a header it cannot use (other units, several
 * ranges, bad syntax) is ignored and the whole object is served, as HTTP allows. A well-formed
 * range that starts past the end is unsatisfiable: 416 InvalidRange.
 */
public record ByteRange(long start, long end) {

  public long length() {
    return end - start;
  }

  /** {@code bytes first-last/size} for Content-Range. */
  public String contentRange(long size) {
    return "bytes " + start + "-" + (end - 1) + "/" + size;
  }

  public static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.strip();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return Optional.empty();
    }
    String spec = h.substring("bytes=".length()).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    String first = spec.substring(0, dash).strip();
    String last = spec.substring(dash + 1).strip();
    try {
      if (first.isEmpty()) {
        // Suffix range: the last N bytes.
        if (last.isEmpty()) {
          return Optional.empty();
        }
        long n = Long.parseLong(last);
        if (n == 0) {
          throw unsatisfiable();
        }
        return Optional.of(new ByteRange(Math.max(0, size - n), size));
      }
      long start = Long.parseLong(first);
      long end = last.isEmpty() ? size : Math.min(size, Long.parseLong(last) + 1);
      if (start < 0 || (!last.isEmpty() && Long.parseLong(last) < start)) {
        return Optional.empty();
      }
      if (start >= size) {
        throw unsatisfiable();
      }
      return Optional.of(new ByteRange(start, end));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static S3Exception unsatisfiable() {
    return new S3Exception(S3Error.INVALID_RANGE, "The requested range is not satisfiable");
  }
}
