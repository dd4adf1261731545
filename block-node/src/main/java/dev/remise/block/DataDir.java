package dev.remise.block;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.datablock.CorruptBlockDataException;
import dev.remise.datablock.DataBlock;
import dev.remise.datablock.DataBlock.BlockFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The blocks of one data dir, in Garage's layout: {@code
 * <dataDir>/<hex(hash[0])>/<hex(hash[1])>/<64 hex>[.zst]}.
 *
 * <p>A block is named by its BLAKE2 hash, so a write is idempotent (an existing file is kept) and
 * every read is verified: a file that no longer hashes to its name is renamed to {@code
 * <name>.corrupted} and reported as {@link CorruptBlockException}. Writes go to a temporary file in
 * the target directory and are renamed into place, so a reader never sees half a block and two
 * writers of the same block cannot interleave (the last rename wins with identical bytes). Writers
 * replacing a plain copy by a compressed one, or moving a block between dirs, take turns in {@link
 * BlockStore}'s per-hash stripes.
 *
 * <p>A marker file {@value #MARKER_FILE} holds a random id that the metadata DB remembers, so a
 * node never starts on the wrong disk or on an empty mount point (Garage's {@code garage-marker}).
 *
 * <p>One data dir; {@link BlockStore} spreads blocks over several by their {@link DataLayout}.
 */
public final class DataDir {
  public static final String MARKER_FILE = "remise-marker";
  private static final String CORRUPTED_SUFFIX = ".corrupted";
  private static final Pattern BLOCK_FILE = Pattern.compile("[0-9a-f]{64}(\\..*)?");
  private static final Pattern STORED_BLOCK = Pattern.compile("[0-9a-f]{64}(\\.zst)?");
  private static final HexFormat HEX = HexFormat.of();

  private final Path dataDir;
  private final boolean fsync;
  private final String markerId;

  private DataDir(Path dataDir, boolean fsync, String markerId) {
    this.dataDir = dataDir;
    this.fsync = fsync;
    this.markerId = markerId;
  }

  /**
   * Opens {@code dataDir} and checks its marker against {@code rememberedMarker}, the id the
   * metadata DB recorded on a previous start (empty on the first start). Refuses, with a message
   * for the operator, a dir whose marker differs, a dir whose marker vanished (an unmounted disk
   * shows as an empty mount point) and a dir that holds blocks without any marker. A marked dir
   * seen by a fresh metadata DB is adopted: its blocks are ours, only the metadata was rebuilt. The
   * caller stores {@link #markerId()} in the metadata DB.
   */
  public static DataDir open(Path dataDir, boolean fsync, Optional<String> rememberedMarker)
      throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    return new DataDir(dir, fsync, checkMarker(dir, rememberedMarker));
  }

  private static String checkMarker(Path dir, Optional<String> remembered) throws IOException {
    Path file = dir.resolve(MARKER_FILE);
    Optional<String> found =
        Files.exists(file)
            ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                .filter(id -> !id.isEmpty())
            : Optional.empty();
    if (found.isPresent() && remembered.isPresent() && !found.equals(remembered)) {
      throw new IllegalStateException(
          ("data dir %s belongs to another node or metadata dir (its %s is %s, the metadata dir"
                  + " expects %s): is the right disk mounted here?")
              .formatted(dir, MARKER_FILE, found.get(), remembered.get()));
    }
    if (found.isPresent()) {
      return found.get();
    }
    if (remembered.isPresent()) {
      throw new IllegalStateException(
          ("data dir %s has no %s but the metadata dir expects %s: is the disk mounted? If it is"
                  + " a new, empty disk replacing a lost one, write that id into %s and start"
                  + " again; the lost blocks must then be re-replicated from other nodes")
              .formatted(dir, MARKER_FILE, remembered.get(), file));
    }
    if (holdsBlocks(dir)) {
      throw new IllegalStateException(
          ("data dir %s holds blocks but no %s: refusing to adopt unknown data. Check the mount;"
                  + " if these blocks are this node's, write any random id into %s")
              .formatted(dir, MARKER_FILE, file));
    }
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    String marker = HEX.formatHex(id);
    writeAtomically(file, (marker + "\n").getBytes(StandardCharsets.US_ASCII), true);
    return marker;
  }

  /** The random id of this data dir, to be remembered by the metadata DB. */
  public String markerId() {
    return markerId;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Where the block is (or would be) stored plain; a compressed copy adds {@code .zst}. */
  public Path path(Hash hash) {
    String hex = hash.hex();
    return dataDir.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
  }

  private Path path(Hash hash, BlockFormat format) {
    Path plain = path(hash);
    return plain.resolveSibling(plain.getFileName() + format.fileSuffix());
  }

  /** The file holding the block, compressed copy first; empty if there is none. */
  public Optional<Path> find(Hash hash) {
    for (BlockFormat f : List.of(BlockFormat.ZSTD, BlockFormat.PLAIN)) {
      Path p = path(hash, f);
      if (Files.exists(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Throws {@link IllegalArgumentException} unless {@code data} hashes to {@code hash}. */
  public static void verify(Hash hash, byte[] data) {
    Hash actual = Blake2.sum(data);
    if (!actual.equals(hash)) {
      throw new IllegalArgumentException(
          "block data hashes to " + actual + ", not to its name " + hash);
    }
  }

  /**
   * Stores plain block bytes after checking their hash. Returns false if the block was already
   * there (the existing copy is kept).
   */
  public boolean put(Hash hash, byte[] data) throws IOException {
    verify(hash, data);
    return write(hash, new DataBlock.Plain(data));
  }

  /**
   * Stores a block the caller has verified, in its form: an existing compressed copy is kept, a
   * plain one is replaced by a compressed one (Garage's rule: compressed copies only ever replace
   * plain ones). Returns true if bytes were written.
   */
  public boolean write(Hash hash, DataBlock block) throws IOException {
    Path compressed = path(hash, BlockFormat.ZSTD);
    Path plain = path(hash, BlockFormat.PLAIN);
    if (Files.exists(compressed) || (block.format() == BlockFormat.PLAIN && Files.exists(plain))) {
      return false;
    }
    Path target = path(hash, block.format());
    ensureDirectory(target.getParent());
    writeAtomically(target, block.bytes(), fsync);
    if (block.format() == BlockFormat.ZSTD && Files.deleteIfExists(plain) && fsync) {
      fsyncDirectory(plain.getParent());
    }
    return true;
  }

  /**
   * The block in its stored form, checked ({@link DataBlock#checkStored}); empty if this node does
   * not hold it. A copy that fails the check is renamed aside and reported as {@link
   * CorruptBlockException}.
   */
  public Optional<DataBlock> read(Hash hash) throws IOException {
    for (BlockFormat f : List.of(BlockFormat.ZSTD, BlockFormat.PLAIN)) {
      Path path = path(hash, f);
      byte[] data;
      try {
        data = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        continue;
      }
      DataBlock block = DataBlock.of(f, data);
      try {
        block.checkStored(hash);
      } catch (CorruptBlockDataException e) {
        quarantine(path);
        throw new CorruptBlockException(hash);
      }
      return Optional.of(block);
    }
    return Optional.empty();
  }

  public boolean exists(Hash hash) {
    return find(hash).isPresent();
  }

  /** Removes every copy of the block; false if there was none. */
  public boolean delete(Hash hash) throws IOException {
    boolean deleted = false;
    for (BlockFormat f : BlockFormat.values()) {
      Path path = path(hash, f);
      if (Files.deleteIfExists(path)) {
        deleted = true;
        if (fsync) {
          fsyncDirectory(path.getParent());
        }
      }
    }
    return deleted;
  }

  /**
   * The hashes of the blocks in this dir, in path order, from the first at or after {@code from}
   * (empty: from the start). Temporary and quarantined files are skipped. The caller closes the
   * stream.
   */
  public Stream<Hash> hashes(Optional<Hash> from) throws IOException {
    String start = from.map(Hash::hex).orElse("");
    Stream<Path> files = Files.find(dataDir, 3, (p, attrs) -> attrs.isRegularFile());
    return files
        .filter(p -> dataDir.relativize(p).getNameCount() == 3)
        .map(p -> p.getFileName().toString())
        .filter(n -> STORED_BLOCK.matcher(n).matches())
        .map(n -> n.substring(0, 64))
        .filter(hex -> hex.compareTo(start) >= 0)
        .sorted()
        .distinct()
        .map(Hash::fromHex);
  }

  /**
   * The hashes of the blocks under one {@code <ab>/<cd>} sub-directory ({@code prefix} = the first
   * two hash bytes), sorted: scrub walks a dir one sub-directory at a time, so it never lists a
   * whole disk in memory.
   */
  public List<Hash> hashesWithPrefix(int prefix) throws IOException {
    String ab = HEX.toHexDigits((byte) (prefix >> 8));
    String cd = HEX.toHexDigits((byte) prefix);
    Path sub = dataDir.resolve(ab).resolve(cd);
    if (!Files.isDirectory(sub)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(sub)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> STORED_BLOCK.matcher(n).matches())
          .map(n -> n.substring(0, 64))
          .sorted()
          .distinct()
          .map(Hash::fromHex)
          .toList();
    }
  }

  /** Bytes and block files in this dir, for operators. */
  public record Usage(long bytes, long blocks) {}

  public Usage usage() throws IOException {
    long[] totals = new long[2];
    try (Stream<Path> files = Files.find(dataDir, 3, (p, attrs) -> attrs.isRegularFile())) {
      files
          .filter(p -> STORED_BLOCK.matcher(p.getFileName().toString()).matches())
          .forEach(
              p -> {
                try {
                  totals[0] += Files.size(p);
                  totals[1]++;
                } catch (IOException e) {
                  // Deleted meanwhile: not counted.
                }
              });
    }
    return new Usage(totals[0], totals[1]);
  }

  /**
   * Keeps the bad bytes for inspection but out of the block's name, so the next read reports the
   * block missing and resync can fetch a good copy.
   */
  private static void quarantine(Path path) throws IOException {
    try {
      Files.move(
          path,
          path.resolveSibling(path.getFileName() + CORRUPTED_SUFFIX),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      // A concurrent reader found the same corruption and moved it first.
    }
  }

  private void ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    if (fsync) {
      // The new <ab> and <ab>/<cd> entries must be durable too, or the block vanishes with them.
      fsyncDirectory(dir.getParent());
      fsyncDirectory(dir.getParent().getParent());
    }
  }

  /**
   * Writes {@code data} to a temporary file beside {@code target} (Garage's {@code .tmp<8 hex>}),
   * optionally fsyncs it, renames it into place and fsyncs the directory: after a crash the target
   * is either absent or complete.
   */
  private static void writeAtomically(Path target, byte[] data, boolean fsync) throws IOException {
    Path tmp =
        target.resolveSibling(
            target.getFileName() + ".tmp" + HEX.toHexDigits(ThreadLocalRandom.current().nextInt()));
    boolean created = false;
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        created = true;
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (fsync) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      // Never leave a partial file behind; but a name clash means the tmp file is someone else's.
      if (created) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
    if (fsync) {
      fsyncDirectory(target.getParent());
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** True if any block file (or quarantined block) lies under {@code <dir>/<ab>/<cd>/}. */
  private static boolean holdsBlocks(Path dir) throws IOException {
    try (Stream<Path> files = Files.find(dir, 3, (p, attrs) -> attrs.isRegularFile())) {
      return files.anyMatch(
          p ->
              dir.relativize(p).getNameCount() == 3
                  && BLOCK_FILE.matcher(p.getFileName().toString()).matches());
    }
  }
}
