package dev.remise.layout;

import java.util.Locale;

/**
 * The two rings of a layout version. Each has its own replication factor and zone redundancy and is
 * computed independently over the nodes that serve it; both share the version number.
 */
public enum Ring {
  /** Table entries, served by metadata nodes (Garage's LMDB side). */
  METADATA,
  /** Data blocks, served by block nodes (Garage's data directories). */
  BLOCK;

  /** Lower-case name for messages and JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
