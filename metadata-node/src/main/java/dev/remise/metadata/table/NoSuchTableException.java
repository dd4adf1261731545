package dev.remise.metadata.table;

/** A request named a table this node does not serve. */
public final class NoSuchTableException extends RuntimeException {
  public NoSuchTableException(String table) {
    super("no table " + table + " on this node");
  }
}
