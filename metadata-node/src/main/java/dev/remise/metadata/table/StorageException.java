package dev.remise.metadata.table;

/**
 * The local metadata database failed or holds an entry that cannot be decoded: a fault of this
 * node, never of the caller.
 */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
