package dev.remise.cli.check;

import java.util.Objects;

/**
 * One operation of a history, as a client saw it: what it asked ({@code kind}, {@code key}, the
 * value it wrote), when ({@code start} before the request left, {@code end} after the answer came
 * or the client gave up) and what came back.
 *
 * <p>Times are nanoseconds of one monotonic clock ({@link System#nanoTime()} of one process, as an
 * offset from the history's origin), so any two operations of the history can be compared in real
 * time. Every value written is unique in the history, so a read names the write it saw.
 *
 * @param client which client ran it (for the report)
 * @param endpoint through which gateway (for the report)
 * @param written the value a {@code PUT} wrote; {@code null} for {@code GET} and {@code DELETE}
 */
public record Operation(
    int client,
    String endpoint,
    Kind kind,
    String key,
    String written,
    long start,
    long end,
    Result result) {

  /** The three operations on one key. */
  public enum Kind {
    GET,
    PUT,
    DELETE
  }

  /** What came back. */
  public sealed interface Result {
    /** A {@code PUT} or {@code DELETE} acknowledged: it took effect before {@code end}. */
    record Ok() implements Result {}

    /** A {@code GET} that returned a value. */
    record Found(String value) implements Result {
      public Found {
        Objects.requireNonNull(value, "value");
      }
    }

    /** A {@code GET} answered {@code NoSuchKey}. */
    record NotFound() implements Result {}

    /**
     * No answer, a timeout or an error: for a write the outcome is unknown (it may take effect at
     * any time after {@code start}, or never); a failed read saw nothing.
     */
    record Failed(String error) implements Result {
      public Failed {
        Objects.requireNonNull(error, "error");
      }
    }
  }

  public Operation {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    if (end < start) {
      throw new IllegalArgumentException(
          "an operation ends before it starts: " + start + " > " + end);
    }
    if ((kind == Kind.PUT) != (written != null)) {
      throw new IllegalArgumentException("a PUT, and only a PUT, writes a value");
    }
    boolean fits =
        switch (result) {
          case Result.Ok ok -> kind != Kind.GET;
          case Result.Found found -> kind == Kind.GET;
          case Result.NotFound notFound -> kind == Kind.GET;
          case Result.Failed failed -> true;
        };
    if (!fits) {
      throw new IllegalArgumentException(kind + " cannot have the result " + result);
    }
  }

  public static Operation get(
      int client, String endpoint, String key, long start, long end, Result result) {
    return new Operation(client, endpoint, Kind.GET, key, null, start, end, result);
  }

  public static Operation put(
      int client, String endpoint, String key, String value, long start, long end, Result result) {
    return new Operation(client, endpoint, Kind.PUT, key, value, start, end, result);
  }

  public static Operation delete(
      int client, String endpoint, String key, long start, long end, Result result) {
    return new Operation(client, endpoint, Kind.DELETE, key, null, start, end, result);
  }

  public boolean failed() {
    return result instanceof Result.Failed;
  }

  /** A write is acknowledged when it answered {@link Result.Ok}. */
  public boolean acknowledged() {
    return result instanceof Result.Ok;
  }
}
