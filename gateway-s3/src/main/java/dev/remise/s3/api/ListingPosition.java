package dev.remise.s3.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a listing resumes: after an entry of the previous page, which is either a key or a common
 * prefix. Resuming after a common prefix skips every key under it, so a prefix is listed once even
 * across pages.
 *
 * <p>As a ListObjectsV2 continuation token it is {@code base64url(tag || UTF-8(entry))} without
 * padding, the tag byte being {@code 'k'} for a key and {@code 'p'} for a common prefix. The token
 * is opaque to clients; it carries the kind so that resuming does not depend on the client
 * repeating the same delimiter.
 */
public sealed interface ListingPosition {

  /** Resume with the first key after {@code key}. */
  record AfterKey(String key) implements ListingPosition {
    public AfterKey {
      Objects.requireNonNull(key, "key");
    }
  }

  /** Resume with the first key that does not start with {@code prefix} and sorts after it. */
  record AfterCommonPrefix(String prefix) implements ListingPosition {
    public AfterCommonPrefix {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException(
            "a common prefix ends with the delimiter, so is never empty");
      }
    }
  }

  /**
   * The entry this position follows: the key or the common prefix, as a V1 {@code NextMarker} names
   * it.
   */
  default String entry() {
    return switch (this) {
      case AfterKey(String key) -> key;
      case AfterCommonPrefix(String prefix) -> prefix;
    };
  }

  /**
   * The position after a client-given {@code start-after} or {@code marker}. Listing lists the
   * entries (keys and common prefixes) that sort after it. When the marker itself falls under a
   * common prefix of this listing, that prefix is not after the marker: it is skipped whole. This
   * is what makes a V1 {@code NextMarker} that names a common prefix resume correctly, and it
   * equals filtering the rolled-up entries by {@code entry > marker}.
   */
  static ListingPosition after(String marker, String prefix, String delimiter) {
    String commonPrefix = ObjectListing.commonPrefix(marker, prefix, delimiter);
    return commonPrefix == null ? new AfterKey(marker) : new AfterCommonPrefix(commonPrefix);
  }

  /** This position as an opaque ListObjectsV2 continuation token. */
  default String toContinuationToken() {
    byte tag =
        switch (this) {
          case AfterKey k -> (byte) 'k';
          case AfterCommonPrefix p -> (byte) 'p';
        };
    byte[] entry = entry().getBytes(StandardCharsets.UTF_8);
    byte[] token = new byte[entry.length + 1];
    token[0] = tag;
    System.arraycopy(entry, 0, token, 1, entry.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * Reads a continuation token made by {@link #toContinuationToken()}.
   *
   * @throws S3Exception {@link S3Error#INVALID_ARGUMENT} for anything else, as AWS answers a token
   *     it did not issue
   */
  static ListingPosition fromContinuationToken(String token) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalidToken();
    }
    if (bytes.length < 1) {
      throw invalidToken();
    }
    String entry;
    try {
      entry =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Arrays.copyOfRange(bytes, 1, bytes.length)))
              .toString();
    } catch (CharacterCodingException e) {
      throw invalidToken();
    }
    return switch (bytes[0]) {
      case 'k' -> new AfterKey(entry);
      case 'p' -> {
        if (entry.isEmpty()) {
          throw invalidToken();
        }
        yield new AfterCommonPrefix(entry);
      }
      default -> throw invalidToken();
    };
  }

  private static S3Exception invalidToken() {
    return new S3Exception(
        S3Error.INVALID_ARGUMENT, "The continuation token provided is incorrect");
  }
}
