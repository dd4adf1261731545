package dev.remise.s3.object;

import dev.remise.model.s3.ObjectVersion;
import dev.remise.s3.api.S3Error;
import dev.remise.s3.api.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which request headers an object keeps and gives back on GET/HEAD: Content-Type (default {@code
 * binary/octet-stream}, as S3), the other representation headers, and {@code x-amz-meta-*} user
 * metadata (at most 2 KiB, as AWS). {@code aws-chunked} is a transfer detail and is removed from
 * Content-Encoding.
 */
public final class StoredHeaders {
  public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
  private static final List<String> STANDARD =
      List.of(
          "cache-control",
          "content-disposition",
          "content-encoding",
          "content-language",
          "expires",
          "x-amz-website-redirect-location");
  private static final int MAX_USER_METADATA_BYTES = 2048;

  private StoredHeaders() {}

  /**
   * @param headers request headers, lower-case names, first value of each
   */
  public static List<ObjectVersion.Header> fromRequest(Map<String, String> headers) {
    List<ObjectVersion.Header> out = new ArrayList<>();
    String contentType = headers.get("content-type");
    out.add(
        new ObjectVersion.Header(
            "content-type",
            contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType));
    for (String name : STANDARD) {
      String v = headers.get(name);
      if (v == null) {
        continue;
      }
      if (name.equals("content-encoding")) {
        v = withoutAwsChunked(v);
        if (v.isEmpty()) {
          continue;
        }
      }
      out.add(new ObjectVersion.Header(name, v));
    }
    TreeMap<String, String> user = new TreeMap<>();
    int size = 0;
    for (var e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-meta-")) {
        user.put(name, e.getValue());
        size +=
            name.length()
                - "x-amz-meta-".length()
                + e.getValue().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (size > MAX_USER_METADATA_BYTES) {
      throw new S3Exception(
          S3Error.METADATA_TOO_LARGE,
          "Your metadata headers exceed the maximum allowed metadata size of 2 KiB");
    }
    user.forEach((k, v) -> out.add(new ObjectVersion.Header(k, v)));
    return out;
  }

  private static String withoutAwsChunked(String contentEncoding) {
    List<String> kept = new ArrayList<>();
    for (String part : contentEncoding.split(",")) {
      String p = part.strip();
      if (!p.isEmpty() && !p.equalsIgnoreCase("aws-chunked")) {
        kept.add(p);
      }
    }
    return String.join(", ", kept);
  }
}
