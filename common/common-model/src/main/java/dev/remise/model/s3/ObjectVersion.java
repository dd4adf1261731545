package dev.remise.model.s3;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import java.util.List;

/**
 * One version of an object, ordered by (timestamp, uuid). Its state only moves forward: Uploading →
 * Complete or Aborted, and Aborted absorbs everything (a failed or cancelled upload can never be
 * resurrected by a late write).
 */
public record ObjectVersion(Uuid uuid, long timestamp, State state)
    implements Comparable<ObjectVersion> {

  @Override
  public int compareTo(ObjectVersion o) {
    int c = Long.compare(timestamp, o.timestamp);
    return c != 0 ? c : uuid.compareTo(o.uuid);
  }

  public boolean isComplete() {
    return state instanceof State.Complete;
  }

  /** A complete version with data (not a delete marker): what GET serves. */
  public boolean isData() {
    return state instanceof State.Complete(var d) && !(d instanceof Data.DeleteMarker);
  }

  public sealed interface State {
    record Uploading(boolean multipart, Headers headers) implements State {}

    record Complete(Data data) implements State {}

    record Aborted() implements State {}
  }

  /** The data of a complete version; ordered DeleteMarker < Inline < FirstBlock as in Garage. */
  public sealed interface Data {
    record DeleteMarker() implements Data {}

    record Inline(Meta meta, byte[] bytes) implements Data {
      public Inline {
        bytes = bytes.clone();
      }

      @Override
      public byte[] bytes() {
        return bytes.clone();
      }

      @Override
      public boolean equals(Object o) {
        return o instanceof Inline i
            && meta.equals(i.meta)
            && java.util.Arrays.equals(bytes, i.bytes);
      }

      @Override
      public int hashCode() {
        return 31 * meta.hashCode() + java.util.Arrays.hashCode(bytes);
      }
    }

    record FirstBlock(Meta meta, Hash firstBlock) implements Data {}
  }

  /** Size in plaintext bytes, the ETag (unquoted hex) and the headers to return on GET/HEAD. */
  public record Meta(long size, String etag, Headers headers) {}

  /**
   * Stored HTTP headers in a fixed order: Content-Type first, then the other standard headers and
   * the {@code x-amz-meta-*} user metadata, each name lower-cased, plus the checksum the client
   * asked for, if any.
   */
  public record Headers(List<Header> headers, Checksum checksum) {
    public Headers {
      headers = List.copyOf(headers);
    }

    public static Headers none() {
      return new Headers(List.of(), null);
    }
  }

  public record Header(String name, String value) {}

  /**
   * An {@code x-amz-checksum-*} value: algorithm name as AWS spells it (CRC32, SHA256...) and
   * base64 value.
   */
  public record Checksum(String algorithm, String value) {}
}
