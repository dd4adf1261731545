package dev.remise.sigv4;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * The date a request claims, and the {@code yyyyMMdd'T'HHmmss'Z'} text that the string to sign (and
 * every chunk signature) repeats.
 */
record RequestDate(Instant instant, String amzDate) {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

  /** The day stamp that the credential scope must carry. */
  String day() {
    return amzDate.substring(0, 8);
  }

  /** Parses an {@code X-Amz-Date}; the text is kept as sent, since that is what was signed. */
  static Optional<RequestDate> parseAmzDate(String text) {
    try {
      Instant instant = LocalDateTime.parse(text, AMZ_DATE).toInstant(ZoneOffset.UTC);
      return Optional.of(new RequestDate(instant, text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a {@code Date} header, used when there is no {@code x-amz-date}: either the SigV4 form
   * or an RFC 1123 HTTP date, which the string to sign then carries in the SigV4 form.
   */
  static Optional<RequestDate> parseHttpDate(String text) {
    return parseAmzDate(text)
        .or(
            () -> {
              try {
                Instant instant =
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(
                    new RequestDate(instant, AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC))));
              } catch (DateTimeParseException e) {
                return Optional.empty();
              }
            });
  }
}
