package dev.remise.block;

import dev.remise.core.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which data dir holds which blocks (Garage's {@code DataLayout}, {@code block/layout.rs}): the
 * hash space is cut into {@value #SLICES} slices by {@code u16_be(hash[2..4]) % 1024}; each slice
 * has one primary dir, where new blocks go, and a set of secondary dirs where older copies may
 * still lie (reads look there too). Slices are split between writable dirs in proportion to their
 * capacity; read-only dirs are never primary.
 *
 * <p>When the dir list changes ({@link #update}), a dir holding more slices than its share gives up
 * the excess and keeps them as secondary, slices of removed or read-only dirs are reassigned, and
 * the freed slices go to dirs below their share; a read-only dir stays secondary for everything it
 * was primary of, so its blocks stay readable until {@code rebalance} moves them. A non-empty dir
 * added to the list becomes secondary for every slice, since its blocks may be anywhere. Immutable.
 *
 * @param dirs the data dirs in configuration order
 * @param primary for each slice, the index in {@code dirs} of its primary dir
 * @param secondary for each slice, the indexes of its secondary dirs, in the order to look in them
 */
public record DataLayout(List<DirEntry> dirs, int[] primary, int[][] secondary) {
  public static final int SLICES = 1024;

  /**
   * One data dir as the layout knows it.
   *
   * @param path the dir's absolute path
   * @param capacity its capacity in bytes; 0 for a read-only dir
   * @param readOnly whether new blocks may be written there
   * @param marker the random id of its marker file, to recognise the disk
   */
  public record DirEntry(String path, long capacity, boolean readOnly, String marker) {
    public DirEntry {
      if (!readOnly && capacity <= 0) {
        throw new IllegalArgumentException("writable data dir " + path + " needs a capacity");
      }
    }
  }

  public DataLayout {
    dirs = List.copyOf(dirs);
    if (primary.length != SLICES || secondary.length != SLICES) {
      throw new IllegalArgumentException("a data layout has " + SLICES + " slices");
    }
    if (dirs.stream().noneMatch(d -> !d.readOnly())) {
      throw new IllegalArgumentException("at least one data dir must be writable");
    }
    for (int s = 0; s < SLICES; s++) {
      if (primary[s] < 0 || primary[s] >= dirs.size() || dirs.get(primary[s]).readOnly()) {
        throw new IllegalArgumentException("slice " + s + " has no writable primary dir");
      }
    }
  }

  /** The slice of a block (Garage's {@code u16_be(hash[2..4]) % 1024}). */
  public static int sliceOf(Hash hash) {
    byte[] b = hash.bytes();
    return (((b[2] & 0xff) << 8) | (b[3] & 0xff)) % SLICES;
  }

  /** The first layout of {@code dirs}: slices split by capacity, no secondaries. */
  public static DataLayout initialize(List<DirEntry> dirs) {
    int[] target = targets(dirs);
    int[] primary = new int[SLICES];
    int slice = 0;
    for (int d = 0; d < dirs.size(); d++) {
      for (int i = 0; i < target[d]; i++) {
        primary[slice++] = d;
      }
    }
    return new DataLayout(dirs, primary, emptySecondaries());
  }

  /**
   * The layout for a new list of dirs, moving as few slices as possible; dirs are matched by path.
   *
   * @param nonEmptyNew paths of dirs new to the layout that already hold blocks
   */
  public DataLayout update(List<DirEntry> newDirs, Set<String> nonEmptyNew) {
    Map<String, Integer> newIndex = new HashMap<>();
    for (int i = 0; i < newDirs.size(); i++) {
      if (newIndex.put(newDirs.get(i).path(), i) != null) {
        throw new IllegalArgumentException("data dir listed twice: " + newDirs.get(i).path());
      }
    }
    int[] target = targets(newDirs);
    int[] count = new int[newDirs.size()];
    int[] newPrimary = new int[SLICES];
    List<Set<Integer>> newSecondary = new ArrayList<>();
    List<Integer> unassigned = new ArrayList<>();
    for (int s = 0; s < SLICES; s++) {
      Set<Integer> sec = new LinkedHashSet<>();
      for (int old : secondary[s]) {
        Integer n = newIndex.get(dirs.get(old).path());
        if (n != null) {
          sec.add(n);
        }
      }
      newSecondary.add(sec);
      Integer n = newIndex.get(dirs.get(primary[s]).path());
      if (n != null && count[n] < target[n]) {
        newPrimary[s] = n;
        count[n]++;
      } else {
        newPrimary[s] = -1;
        unassigned.add(s);
        if (n != null) {
          // Over its share, or read-only now: its copies stay readable from there.
          sec.add(n);
        }
      }
    }
    int d = 0;
    for (int s : unassigned) {
      while (count[d] >= target[d]) {
        d++;
      }
      newPrimary[s] = d;
      count[d]++;
      newSecondary.get(s).remove(d);
    }
    int[][] sec = new int[SLICES][];
    for (int s = 0; s < SLICES; s++) {
      sec[s] = newSecondary.get(s).stream().mapToInt(Integer::intValue).toArray();
    }
    Set<String> added = new TreeSet<>(nonEmptyNew);
    added.removeIf(this::dirsContain);
    return new DataLayout(newDirs, newPrimary, sec).lookingAlsoIn(added);
  }

  private boolean dirsContain(String path) {
    return dirs.stream().anyMatch(x -> x.path().equals(path));
  }

  /**
   * This layout with the dirs at {@code paths} as secondaries of every slice they are not primary
   * of: dirs whose blocks may be anywhere (added with blocks, or adopted without a remembered
   * layout) are looked into until a rebalance.
   */
  public DataLayout lookingAlsoIn(Set<String> paths) {
    if (paths.isEmpty()) {
      return this;
    }
    int[][] sec = new int[SLICES][];
    for (int s = 0; s < SLICES; s++) {
      Set<Integer> set = new LinkedHashSet<>();
      for (int i : secondary[s]) {
        set.add(i);
      }
      for (int d = 0; d < dirs.size(); d++) {
        if (paths.contains(dirs.get(d).path()) && d != primary[s]) {
          set.add(d);
        }
      }
      sec[s] = set.stream().mapToInt(Integer::intValue).toArray();
    }
    return new DataLayout(dirs, primary, sec);
  }

  /** After a rebalance moved every block to its primary dir: no secondary left. */
  public DataLayout withoutSecondaries() {
    return new DataLayout(dirs, primary, emptySecondaries());
  }

  public DirEntry primary(Hash hash) {
    return dirs.get(primary[sliceOf(hash)]);
  }

  public List<DirEntry> secondaries(Hash hash) {
    int[] s = secondary[sliceOf(hash)];
    List<DirEntry> out = new ArrayList<>(s.length);
    for (int i : s) {
      out.add(dirs.get(i));
    }
    return out;
  }

  /** How many slices each dir is primary of, by path. */
  public Map<String, Integer> primaryCounts() {
    Map<String, Integer> out = new HashMap<>();
    for (DirEntry d : dirs) {
      out.put(d.path(), 0);
    }
    for (int p : primary) {
      out.merge(dirs.get(p).path(), 1, Integer::sum);
    }
    return out;
  }

  /** The share of slices of each dir: capacity-proportional, by cumulative rounding. */
  private static int[] targets(List<DirEntry> dirs) {
    long total = dirs.stream().filter(d -> !d.readOnly()).mapToLong(DirEntry::capacity).sum();
    if (total <= 0) {
      throw new IllegalArgumentException("at least one data dir must be writable");
    }
    int[] target = new int[dirs.size()];
    long cumulative = 0;
    int previous = 0;
    for (int d = 0; d < dirs.size(); d++) {
      if (dirs.get(d).readOnly()) {
        continue;
      }
      cumulative += dirs.get(d).capacity();
      int boundary = (int) Math.round((double) SLICES * cumulative / total);
      target[d] = boundary - previous;
      previous = boundary;
    }
    return target;
  }

  private static int[][] emptySecondaries() {
    int[][] s = new int[SLICES][];
    Arrays.fill(s, new int[0]);
    return s;
  }

  /** A deterministic encoding, persisted in the metadata DB (Garage's {@code data_layout}). */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(dirs.size());
      for (DirEntry d : dirs) {
        out.writeUTF(d.path());
        out.writeLong(d.capacity());
        out.writeBoolean(d.readOnly());
        out.writeUTF(d.marker());
      }
      for (int s = 0; s < SLICES; s++) {
        out.writeShort(primary[s]);
        out.writeShort(secondary[s].length);
        for (int i : secondary[s]) {
          out.writeShort(i);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static DataLayout decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
      if (in.readByte() != 1) {
        throw new IllegalStateException("unknown data layout encoding in the metadata db");
      }
      int n = in.readInt();
      List<DirEntry> dirs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        dirs.add(new DirEntry(in.readUTF(), in.readLong(), in.readBoolean(), in.readUTF()));
      }
      int[] primary = new int[SLICES];
      int[][] secondary = new int[SLICES][];
      for (int s = 0; s < SLICES; s++) {
        primary[s] = in.readShort();
        secondary[s] = new int[in.readShort()];
        for (int i = 0; i < secondary[s].length; i++) {
          secondary[s][i] = in.readShort();
        }
      }
      return new DataLayout(dirs, primary, secondary);
    } catch (EOFException e) {
      throw new IllegalStateException("truncated data layout in the metadata db", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataLayout l
        && dirs.equals(l.dirs)
        && Arrays.equals(primary, l.primary)
        && Arrays.deepEquals(secondary, l.secondary);
  }

  @Override
  public int hashCode() {
    return dirs.hashCode() * 31 + Arrays.hashCode(primary);
  }

  @Override
  public String toString() {
    return "DataLayout" + primaryCounts();
  }
}
