package dev.remise.block;

import dev.remise.core.Hash;
import java.io.IOException;

/**
 * A stored block no longer hashes to its name. The file has already been renamed aside ({@code
 * .corrupted}), so this node now simply lacks the block; callers read another replica.
 */
public final class CorruptBlockException extends IOException {
  private final Hash hash;

  public CorruptBlockException(Hash hash) {
    super("block " + hash + " is corrupt on this node");
    this.hash = hash;
  }

  public Hash hash() {
    return hash;
  }
}
