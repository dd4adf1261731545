package dev.remise.cli.check;

/**
 * A read that a read-after-write store could not have answered.
 *
 * @param read the {@code GET}
 * @param saw the write whose effect it returned: the {@code PUT} of its value, or for a not-found
 *     the {@code DELETE} that could explain it last; {@code null} for the initial absent state, and
 *     for an {@link Type#UNKNOWN_VALUE} that no write on any key wrote
 * @param supersededBy an acknowledged write that started after {@code saw} was acknowledged and was
 *     itself acknowledged before the read began; {@code null} unless {@link Type#STALE_READ}
 */
public record Violation(Type type, Operation read, Operation saw, Operation supersededBy) {

  public enum Type {
    /** The read returned a state that a write acknowledged before it began had replaced. */
    STALE_READ,
    /** The read returned a value that no write on its key wrote: corruption or a crossed key. */
    UNKNOWN_VALUE,
    /** The read returned a value whose {@code PUT} started only after the read had ended. */
    READ_BEFORE_WRITE
  }
}
