package dev.remise.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@code Content-Encoding: aws-chunked} body, verifying it as it streams.
 *
 * <pre>
 * signed chunk      hex-size;chunk-signature=sig CRLF data CRLF
 * unsigned chunk    hex-size CRLF data CRLF             (other ;extensions are ignored)
 * final chunk       0;chunk-signature=sig CRLF  or  0 CRLF
 * then, without trailer:   CRLF
 *       with trailer:      x-amz-checksum-crc32:base64 CRLF
 *                          [x-amz-trailer-signature:sig CRLF]   (signed modes)
 *                          CRLF
 * </pre>
 *
 * <p>In the signed modes a chunk is read whole (at most {@link #MAX_CHUNK_SIZE} bytes) and its
 * signature checked ({@link ChunkSignatureChain}) before any of its bytes are released; in the
 * unsigned-trailer mode data streams straight through. Either way no more than one chunk is held.
 * The checksum named by {@code x-amz-trailer} is computed over the decoded bytes and compared with
 * the trailer, and the decoded size with {@code x-amz-decoded-content-length}, when end-of-stream
 * is reached: a consumer must read to {@code -1} before it trusts (commits) what it has read.
 *
 * <p>Every failure is a {@link PayloadException}; once one is thrown, every later read throws it
 * again.
 */
public final class AwsChunkedInputStream extends InputStream {
  /** Clients send 8 KiB to 1 MiB chunks; anything above this is refused, not buffered. */
  public static final int MAX_CHUNK_SIZE = 16 * 1024 * 1024;

  /** A chunk header with its signature is about 90 bytes, a trailer line under 100. */
  private static final int MAX_LINE_LENGTH = 4096;

  private static final int MAX_TRAILER_LINES = 16;
  private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private final InputStream in;
  private final @Nullable ChunkSignatureChain chain;
  private final boolean hasTrailer;
  private final @Nullable ChecksumAlgorithm trailerChecksum;
  private final @Nullable Checksummer checksummer;
  private final OptionalLong declaredLength;
  private final byte[] line = new byte[MAX_LINE_LENGTH];
  private final byte[] oneByte = new byte[1];

  /**
   * Signed modes: the current verified chunk, released from {@code chunkPos} to {@code chunkEnd}.
   */
  private byte[] chunk = new byte[0];

  private int chunkPos;
  private int chunkEnd;

  /** Unsigned mode: bytes of the current chunk still to be read from {@code in}. */
  private long unsignedRemaining;

  /** Some chunk data has been consumed; the CRLF closing it comes next. */
  private boolean chunkDataPending;

  private long decodedLength;
  private boolean finished;
  private @Nullable PayloadException failure;
  private @Nullable String receivedTrailerChecksum;

  /**
   * @param in the raw body (after any HTTP {@code Transfer-Encoding: chunked} has been undone)
   * @param request a request whose payload mode is {@link PayloadMode.StreamingSigned} or {@link
   *     PayloadMode.StreamingUnsignedTrailer}
   * @param trailerChecksum the checksum announced by {@code x-amz-trailer}, if any
   * @param decodedContentLength {@code x-amz-decoded-content-length}, if sent
   */
  public AwsChunkedInputStream(
      InputStream in,
      AuthenticatedRequest request,
      Optional<ChecksumAlgorithm> trailerChecksum,
      OptionalLong decodedContentLength) {
    this.in = Objects.requireNonNull(in, "in");
    switch (request.payloadMode()) {
      case PayloadMode.StreamingSigned(boolean withTrailer) -> {
        this.chain = new ChunkSignatureChain(request);
        this.hasTrailer = withTrailer;
      }
      case PayloadMode.StreamingUnsignedTrailer() -> {
        this.chain = null;
        this.hasTrailer = true;
      }
      case PayloadMode.UnsignedPayload _, PayloadMode.SignedPayload _ ->
          throw new IllegalArgumentException(
              "not an aws-chunked payload mode: " + request.payloadMode());
    }
    if (trailerChecksum.isPresent() && !hasTrailer) {
      throw new IllegalArgumentException("a trailer checksum needs a -TRAILER payload mode");
    }
    this.trailerChecksum = trailerChecksum.orElse(null);
    this.checksummer = trailerChecksum.map(ChecksumAlgorithm::newChecksummer).orElse(null);
    this.declaredLength = decodedContentLength;
  }

  /**
   * Decodes {@code body} as {@code request}'s headers describe it: the checksum named by {@code
   * x-amz-trailer} and the size in {@code x-amz-decoded-content-length}.
   *
   * @throws SigV4Exception ({@link AuthFailure#INVALID_ARGUMENT}) if either header is malformed or
   *     names an unsupported checksum
   */
  public static AwsChunkedInputStream of(
      InputStream body, AuthenticatedRequest auth, SignedRequest request) {
    boolean withTrailer =
        switch (auth.payloadMode()) {
          case PayloadMode.StreamingSigned(boolean t) -> t;
          case PayloadMode.StreamingUnsignedTrailer() -> true;
          case PayloadMode.UnsignedPayload _, PayloadMode.SignedPayload _ -> false;
        };
    Optional<ChecksumAlgorithm> checksum =
        withTrailer ? announcedChecksum(request) : Optional.empty();
    OptionalLong length =
        request
            .header("x-amz-decoded-content-length")
            .map(AwsChunkedInputStream::parseLength)
            .orElse(OptionalLong.empty());
    return new AwsChunkedInputStream(body, auth, checksum, length);
  }

  /** The checksum value received in the trailer; present once end-of-stream has been reached. */
  public Optional<String> trailerChecksum() {
    return finished ? Optional.ofNullable(receivedTrailerChecksum) : Optional.empty();
  }

  @Override
  public int read() throws IOException {
    int n = read(oneByte, 0, 1);
    return n < 0 ? -1 : oneByte[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (failure != null) {
      throw failure;
    }
    if (length == 0) {
      return 0;
    }
    try {
      while (true) {
        if (chunkPos < chunkEnd) {
          int n = Math.min(length, chunkEnd - chunkPos);
          System.arraycopy(chunk, chunkPos, buffer, offset, n);
          chunkPos += n;
          return n;
        }
        if (unsignedRemaining > 0) {
          int n = in.read(buffer, offset, (int) Math.min(length, unsignedRemaining));
          if (n < 0) {
            throw incomplete("in the middle of a chunk");
          }
          unsignedRemaining -= n;
          if (checksummer != null) {
            checksummer.update(buffer, offset, n);
          }
          return n;
        }
        if (finished) {
          return -1;
        }
        nextChunk();
      }
    } catch (PayloadException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int available() throws IOException {
    return chunkPos < chunkEnd
        ? chunkEnd - chunkPos
        : (int) Math.min(unsignedRemaining, in.available());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private void nextChunk() throws IOException {
    if (chunkDataPending) {
      expectCrlf("after chunk data");
      chunkDataPending = false;
    }
    ChunkHeader header = ChunkHeader.parse(readLine());
    if (declaredLength.isPresent() && decodedLength + header.size() > declaredLength.getAsLong()) {
      throw malformed(
          "The chunks carry more than x-amz-decoded-content-length = "
              + declaredLength.getAsLong()
              + " bytes");
    }
    decodedLength += header.size();

    if (chain != null) {
      if (header.signature() == null) {
        throw malformed("A chunk of a signed aws-chunked body has no chunk-signature");
      }
      if (chunk.length < header.size()) {
        chunk = new byte[header.size()];
      }
      readFully(chunk, header.size());
      if (!chain.verifyChunk(chunk, header.size(), header.signature())) {
        throw new PayloadException(
            PayloadFailure.SIGNATURE_DOES_NOT_MATCH,
            "The chunk signature does not match (chunk ending at byte " + decodedLength + ")");
      }
      if (checksummer != null) {
        checksummer.update(chunk, 0, header.size());
      }
      chunkPos = 0;
      chunkEnd = header.size();
    } else {
      unsignedRemaining = header.size();
    }

    if (header.size() == 0) {
      finish();
    } else {
      chunkDataPending = true;
    }
  }

  /** After the final chunk: the trailer (or the closing CRLF), then the whole-body checks. */
  private void finish() throws IOException {
    if (hasTrailer) {
      readTrailer();
    } else {
      expectCrlf("after the final chunk");
    }
    if (declaredLength.isPresent() && decodedLength != declaredLength.getAsLong()) {
      throw incomplete(
          "after "
              + decodedLength
              + " of the "
              + declaredLength.getAsLong()
              + " bytes announced by x-amz-decoded-content-length");
    }
    finished = true;
  }

  private void readTrailer() throws IOException {
    List<TrailerLine> lines = new ArrayList<>();
    String signature = null;
    for (String text = readLine(); !text.isEmpty(); text = readLine()) {
      if (lines.size() == MAX_TRAILER_LINES) {
        throw malformed("Too many trailer lines");
      }
      TrailerLine trailerLine = TrailerLine.parse(text);
      if (!trailerLine.name().equals(TRAILER_SIGNATURE)) {
        lines.add(trailerLine);
      } else if (signature == null) {
        signature = trailerLine.value();
      } else {
        throw malformed("The trailer carries two " + TRAILER_SIGNATURE);
      }
    }

    if (chain != null) {
      if (signature == null) {
        throw malformed("The trailer of a signed aws-chunked body has no " + TRAILER_SIGNATURE);
      }
      // Signed as canonical headers are: sorted by name, "name:value\n" each.
      String canonical =
          lines.stream()
              .sorted(Comparator.comparing(TrailerLine::name))
              .map(l -> l.name() + ":" + l.value() + "\n")
              .collect(Collectors.joining());
      if (!chain.verifyTrailer(canonical, signature)) {
        throw new PayloadException(
            PayloadFailure.SIGNATURE_DOES_NOT_MATCH, "The trailer signature does not match");
      }
    }

    if (trailerChecksum != null && checksummer != null) {
      String name = trailerChecksum.headerName();
      String value =
          lines.stream()
              .filter(l -> l.name().equals(name))
              .map(TrailerLine::value)
              .findFirst()
              .orElseThrow(
                  () -> malformed("The trailer announced by x-amz-trailer is missing: " + name));
      byte[] expected =
          trailerChecksum
              .decode(value)
              .orElseThrow(
                  () ->
                      new PayloadException(
                          PayloadFailure.INVALID_DIGEST,
                          "The " + name + " trailer is not a valid checksum: '" + value + "'"));
      receivedTrailerChecksum = value;
      if (!MessageDigest.isEqual(expected, checksummer.digest())) {
        throw new PayloadException(
            PayloadFailure.BAD_DIGEST,
            "The %s you specified did not match the calculated checksum (%s)"
                .formatted(trailerChecksum, checksummer.base64()));
      }
    }
  }

  /**
   * A line up to CRLF; a bare LF is kept as content (some clients end a trailer value with one).
   */
  private String readLine() throws IOException {
    int length = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw incomplete("in the middle of a chunk header or trailer");
      }
      if (c == '\n' && length > 0 && line[length - 1] == '\r') {
        return new String(line, 0, length - 1, StandardCharsets.ISO_8859_1);
      }
      if (length == MAX_LINE_LENGTH) {
        throw malformed("A chunk header or trailer line is longer than " + MAX_LINE_LENGTH);
      }
      line[length++] = (byte) c;
    }
  }

  private void expectCrlf(String where) throws IOException {
    int cr = in.read();
    int lf = cr < 0 ? -1 : in.read();
    if (lf < 0) {
      throw incomplete(where);
    }
    if (cr != '\r' || lf != '\n') {
      throw malformed("Expected CRLF " + where);
    }
  }

  private void readFully(byte[] buffer, int length) throws IOException {
    int read = 0;
    while (read < length) {
      int n = in.read(buffer, read, length - read);
      if (n < 0) {
        throw incomplete("in the middle of a chunk");
      }
      read += n;
    }
  }

  private static Optional<ChecksumAlgorithm> announcedChecksum(SignedRequest request) {
    List<ChecksumAlgorithm> announced = new ArrayList<>();
    for (String value : request.headerValues("x-amz-trailer")) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          announced.add(
              ChecksumAlgorithm.fromHeaderName(name)
                  .orElseThrow(
                      () ->
                          new SigV4Exception(
                              AuthFailure.INVALID_ARGUMENT,
                              "Unsupported x-amz-trailer: " + name.strip())));
        }
      }
    }
    if (announced.size() > 1) {
      throw new SigV4Exception(
          AuthFailure.INVALID_ARGUMENT, "x-amz-trailer may announce one checksum only");
    }
    return announced.stream().findFirst();
  }

  private static OptionalLong parseLength(String text) {
    try {
      long length = Long.parseLong(text.strip());
      if (length >= 0) {
        return OptionalLong.of(length);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SigV4Exception(
        AuthFailure.INVALID_ARGUMENT, "Invalid x-amz-decoded-content-length: " + text);
  }

  private static PayloadException incomplete(String where) {
    return new PayloadException(
        PayloadFailure.INCOMPLETE_BODY, "The aws-chunked body ended early, " + where);
  }

  private static PayloadException malformed(String message) {
    return new PayloadException(PayloadFailure.MALFORMED_CHUNK, message);
  }

  /** {@code hex-size[;name=value]...}; only {@code chunk-signature} means anything here. */
  private record ChunkHeader(int size, @Nullable String signature) {
    static ChunkHeader parse(String text) throws PayloadException {
      String[] parts = text.split(";", -1);
      String hexSize = parts[0].strip();
      if (hexSize.isEmpty()
          || hexSize.length() > 15
          || !hexSize.chars().allMatch(HexFormat::isHexDigit)) {
        throw malformed("Invalid chunk header: '" + text + "'");
      }
      long size = Long.parseLong(hexSize, 16);
      if (size > MAX_CHUNK_SIZE) {
        throw malformed(
            "A chunk of " + size + " bytes exceeds the limit of " + MAX_CHUNK_SIZE + " bytes");
      }
      String signature = null;
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0 && parts[i].substring(0, eq).strip().equals("chunk-signature")) {
          signature = parts[i].substring(eq + 1).strip();
        }
      }
      return new ChunkHeader((int) size, signature);
    }
  }

  /** {@code name:value}, the name lower-cased and the value trimmed, as trailers are signed. */
  private record TrailerLine(String name, String value) {
    static TrailerLine parse(String text) throws PayloadException {
      int colon = text.indexOf(':');
      if (colon <= 0) {
        throw malformed("Invalid trailer line: '" + text + "'");
      }
      return new TrailerLine(
          text.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          text.substring(colon + 1).strip());
    }
  }
}
