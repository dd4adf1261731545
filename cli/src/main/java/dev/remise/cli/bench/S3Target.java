package dev.remise.cli.bench;

import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * The requests the benchmarks send, on one bucket. An implementation throws on any failure (an
 * error status, a timeout, a body shorter than announced); the workload counts it as an error of
 * that kind and goes on.
 */
public interface S3Target {

  /** Creates the bucket if it does not exist. */
  void ensureBucket() throws Exception;

  /**
   * PutObject of {@code length} bytes; {@code body} opens the body from its start, as often as the
   * client needs (once to hash it for a signed payload, once to send it).
   */
  void put(String key, long length, Supplier<InputStream> body) throws Exception;

  /**
   * GetObject, reading the whole body and discarding it.
   *
   * @param firstByte called once, when the first byte of the body has arrived
   * @return the number of body bytes read
   */
  long get(String key, Runnable firstByte) throws Exception;

  void head(String key) throws Exception;

  /**
   * ListObjectsV2, one page of at most {@code maxKeys} under {@code prefix}.
   *
   * @return the keys listed, in order
   */
  List<String> list(String prefix, int maxKeys) throws Exception;

  void delete(String key) throws Exception;

  /** ListBuckets (the latency benchmark's one request outside the bucket). */
  default void listBuckets() throws Exception {
    throw new UnsupportedOperationException("ListBuckets");
  }
}
