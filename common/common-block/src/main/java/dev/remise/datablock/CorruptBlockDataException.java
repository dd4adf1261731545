package dev.remise.datablock;

import java.io.IOException;

/** Block bytes that do not match their hash, or a zstd frame that fails to decode or verify. */
public final class CorruptBlockDataException extends IOException {
  public CorruptBlockDataException(String message) {
    super(message);
  }
}
