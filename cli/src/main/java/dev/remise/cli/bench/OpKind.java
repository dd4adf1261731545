package dev.remise.cli.bench;

/**
 * The S3 operations the benchmark sends, named as in {@code warp}'s reports (HEAD is its STAT).
 * Each is one request: PutObject, GetObject, HeadObject, ListObjectsV2 (one page) or DeleteObject.
 */
public enum OpKind {
  PUT,
  GET,
  HEAD,
  LIST,
  DELETE;

  /** Operations that need objects to exist (GET, HEAD, LIST, DELETE), prepared before the run. */
  public boolean readsObjects() {
    return this != PUT;
  }
}
