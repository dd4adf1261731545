package dev.remise.layout;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A layout cannot be computed; carries every problem found, in both rings, so one fix-up suffices.
 */
public final class LayoutException extends RuntimeException {
  private final List<LayoutError> errors;

  public LayoutException(List<LayoutError> errors) {
    super(errors.stream().map(LayoutError::message).collect(Collectors.joining("; ")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a layout exception carries at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  public List<LayoutError> errors() {
    return errors;
  }
}
