package dev.remise.core;

/** One of the 256 ring partitions: the first byte of a position hash. */
public record Partition(int index) {
  public static final int COUNT = 256;

  public Partition {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException("partition out of range: " + index);
    }
  }

  public static Partition of(int index) {
    return new Partition(index);
  }
}
