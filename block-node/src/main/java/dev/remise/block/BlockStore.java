package dev.remise.block;

import dev.remise.block.DataLayout.DirEntry;
import dev.remise.core.Hash;
import dev.remise.datablock.DataBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The node's blocks over one or several data dirs (Garage's multi-dir block store): the {@link
 * DataLayout} names each block's primary dir, where it is written, and the secondary dirs where an
 * older copy may lie, which reads look into too. Writing a block found only outside its primary dir
 * moves it there (Garage's lazy rebalancing); {@link #rebalance} moves them all, after which a
 * read-only dir is empty.
 *
 * <p>Writers of one block take turns in one of 256 stripes (Garage's mutexes, by {@code
 * u16_be(hash[0..2]) % 256}), so a plain copy replaced by a compressed one, or a block moved
 * between dirs, is never half-done for another writer.
 */
public final class BlockStore {
  private static final int STRIPES = 256;

  /**
   * A configured data dir.
   *
   * @param capacityBytes its capacity; empty for a single dir (any value works) or a read-only one
   */
  public record DirConfig(Path path, OptionalLong capacityBytes, boolean readOnly) {}

  private final Map<String, DataDir> dirs;
  private final Consumer<DataLayout> persist;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private volatile DataLayout layout;

  private BlockStore(Map<String, DataDir> dirs, DataLayout layout, Consumer<DataLayout> persist) {
    this.dirs = dirs;
    this.layout = layout;
    this.persist = persist;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * One data dir, with the marker the metadata DB remembers for it (single-dir nodes and tests).
   */
  public static BlockStore open(Path dataDir, boolean fsync, Optional<String> rememberedMarker)
      throws IOException {
    DataDir dir = DataDir.open(dataDir, fsync, rememberedMarker);
    DirEntry entry = new DirEntry(dir.dataDir().toString(), 1, false, dir.markerId());
    return new BlockStore(
        Map.of(entry.path(), dir), DataLayout.initialize(List.of(entry)), l -> {});
  }

  /**
   * Opens the configured dirs, checking each one's marker against the remembered layout, and
   * computes the layout for this configuration from the remembered one (or afresh). {@code persist}
   * is called with every layout that must be remembered: the one computed here, and the one left
   * after a rebalance.
   */
  public static BlockStore open(
      List<DirConfig> configured,
      boolean fsync,
      Optional<DataLayout> remembered,
      Consumer<DataLayout> persist)
      throws IOException {
    if (configured.isEmpty()) {
      throw new IllegalArgumentException("at least one data dir is needed");
    }
    boolean single = configured.size() == 1;
    Map<String, DataDir> opened = new LinkedHashMap<>();
    List<DirEntry> entries = new ArrayList<>();
    Set<String> nonEmptyNew = new HashSet<>();
    for (DirConfig c : configured) {
      String path = c.path().toAbsolutePath().normalize().toString();
      Optional<DirEntry> known =
          remembered.flatMap(l -> l.dirs().stream().filter(d -> d.path().equals(path)).findFirst());
      boolean isNew = known.isEmpty();
      if (isNew && Files.isDirectory(Path.of(path)) && holdsBlocks(Path.of(path))) {
        nonEmptyNew.add(path);
      }
      DataDir dir = DataDir.open(Path.of(path), fsync, known.map(DirEntry::marker));
      if (opened.put(path, dir) != null) {
        throw new IllegalArgumentException("data dir listed twice: " + path);
      }
      long capacity = c.readOnly() ? 0 : c.capacityBytes().orElse(single ? 1 : 0);
      if (!c.readOnly() && capacity <= 0) {
        throw new IllegalArgumentException(
            "data dir " + path + " needs a capacity when several data dirs are configured");
      }
      entries.add(new DirEntry(path, capacity, c.readOnly(), dir.markerId()));
    }
    DataLayout layout =
        remembered.isPresent()
            ? remembered.get().update(entries, nonEmptyNew)
            : DataLayout.initialize(entries);
    if (remembered.isEmpty()) {
      // Adopted dirs with blocks but no remembered layout: look everywhere until a rebalance.
      layout = layout.lookingAlsoIn(nonEmptyNew);
    }
    persist.accept(layout);
    return new BlockStore(Map.copyOf(opened), layout, persist);
  }

  private static boolean holdsBlocks(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.anyMatch(p -> p.getFileName().toString().matches("[0-9a-f]{2}"));
    }
  }

  public DataLayout layout() {
    return layout;
  }

  /** The dirs in configuration order, for operators. */
  public List<DataDir> dirs() {
    return layout.dirs().stream().map(d -> dirs.get(d.path())).toList();
  }

  private DataDir primary(Hash hash) {
    return dirs.get(layout.primary(hash).path());
  }

  /** Primary first, then the secondaries. */
  private List<DataDir> lookup(Hash hash) {
    List<DataDir> out = new ArrayList<>();
    out.add(primary(hash));
    for (DirEntry d : layout.secondaries(hash)) {
      out.add(dirs.get(d.path()));
    }
    return out;
  }

  private ReentrantLock stripe(Hash hash) {
    byte[] b = hash.bytes();
    return stripes[(((b[0] & 0xff) << 8) | (b[1] & 0xff)) % STRIPES];
  }

  /**
   * Stores a block the caller has verified. A copy in the primary dir is kept unless it is plain
   * and this one compressed; a copy found only in another dir is replaced by this one in the
   * primary dir. Returns true if bytes were written.
   */
  public boolean write(Hash hash, DataBlock block) throws IOException {
    ReentrantLock lock = stripe(hash);
    lock.lock();
    try {
      DataDir primary = primary(hash);
      if (primary.exists(hash)) {
        return primary.write(hash, block);
      }
      boolean written = primary.write(hash, block);
      for (DataDir other : lookup(hash)) {
        if (other != primary) {
          other.delete(hash);
        }
      }
      return written;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The block in its stored form, checked, from the first dir holding it; empty if none does. A
   * corrupt copy is quarantined and reported as {@link CorruptBlockException}.
   */
  public Optional<DataBlock> read(Hash hash) throws IOException {
    for (DataDir d : lookup(hash)) {
      Optional<DataBlock> block = d.read(hash);
      if (block.isPresent()) {
        return block;
      }
    }
    return Optional.empty();
  }

  public boolean exists(Hash hash) {
    return lookup(hash).stream().anyMatch(d -> d.exists(hash));
  }

  /** The file holding the block, if any (tests, diagnostics). */
  public Optional<Path> find(Hash hash) {
    for (DataDir d : lookup(hash)) {
      Optional<Path> p = d.find(hash);
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }

  /** Removes every copy of the block in every dir; false if there was none. */
  public boolean delete(Hash hash) throws IOException {
    ReentrantLock lock = stripe(hash);
    lock.lock();
    try {
      boolean deleted = false;
      for (DataDir d : dirs.values()) {
        deleted |= d.delete(hash);
      }
      return deleted;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves every block that is not in its primary dir there (read, checked, written, old copy
   * deleted), then drops the secondary dirs from the layout: Garage's {@code repair rebalance}.
   * Afterwards a read-only dir holds no block. A corrupt copy found on the way is quarantined and
   * left to resync. Returns how many blocks moved.
   */
  public long rebalance() throws IOException {
    long moved = 0;
    for (DirEntry entry : layout.dirs()) {
      DataDir dir = dirs.get(entry.path());
      List<Hash> hashes;
      try (Stream<Hash> s = dir.hashes(Optional.empty())) {
        hashes = s.toList();
      }
      for (Hash h : hashes) {
        if (primary(h) == dir) {
          continue;
        }
        ReentrantLock lock = stripe(h);
        lock.lock();
        try {
          Optional<DataBlock> block;
          try {
            block = dir.read(h);
          } catch (CorruptBlockException e) {
            continue;
          }
          if (block.isPresent()) {
            primary(h).write(h, block.get());
            dir.delete(h);
            moved++;
          }
        } finally {
          lock.unlock();
        }
      }
    }
    layout = layout.withoutSecondaries();
    persist.accept(layout);
    return moved;
  }

  /** Every stored block hash, dir by dir (a block in two dirs appears twice). */
  public Stream<Hash> hashes() throws IOException {
    List<Stream<Hash>> streams = new ArrayList<>();
    for (DataDir d : dirs()) {
      streams.add(d.hashes(Optional.empty()));
    }
    return streams.stream().flatMap(s -> s).onClose(() -> streams.forEach(Stream::close));
  }
}
