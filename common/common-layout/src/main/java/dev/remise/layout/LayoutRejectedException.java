package dev.remise.layout;

import java.util.List;

/**
 * A layout history received from another replica holds a version that fails {@link
 * LayoutChecker#check(LayoutVersion)}; the receiver keeps its own history.
 */
public final class LayoutRejectedException extends RuntimeException {
  private final List<String> violations;

  public LayoutRejectedException(List<String> violations) {
    super(
        "layout history refused, it holds an invalid version: "
            + String.join("; ", violations.subList(0, Math.min(5, violations.size())))
            + (violations.size() > 5 ? " (and " + (violations.size() - 5) + " more)" : ""));
    this.violations = List.copyOf(violations);
  }

  public List<String> violations() {
    return violations;
  }
}
