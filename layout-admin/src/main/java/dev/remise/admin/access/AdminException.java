package dev.remise.admin.access;

/** A failure the admin API reports to its caller as {@link #error()} with this message. */
public final class AdminException extends RuntimeException {
  private final AdminError error;

  public AdminException(AdminError error, String message) {
    super(message);
    this.error = error;
  }

  public AdminError error() {
    return error;
  }
}
