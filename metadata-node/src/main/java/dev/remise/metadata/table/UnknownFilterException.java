package dev.remise.metadata.table;

/** A range read named a filter that the table's schema does not define: the caller's mistake. */
public final class UnknownFilterException extends RuntimeException {
  public UnknownFilterException(String message) {
    super(message);
  }
}
