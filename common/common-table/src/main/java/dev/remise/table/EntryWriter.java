package dev.remise.table;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * The deterministic binary encoding of table entries: big-endian fixed-width integers,
 * length-prefixed byte strings and UTF-8 strings, collections as a count then their items in the
 * order given. Merkle hashes, GC and "did the entry change?" are computed over these bytes, so
 * every node must encode an entry to the same bytes: callers write maps in key order and never
 * encode anything that depends on the node (hash maps, clocks).
 */
public final class EntryWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

  public EntryWriter u8(int v) {
    out.write(v);
    return this;
  }

  public EntryWriter bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public EntryWriter i32(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  public EntryWriter i64(long v) {
    i32((int) (v >>> 32));
    return i32((int) v);
  }

  public EntryWriter bytes(byte[] v) {
    i32(v.length);
    out.writeBytes(v);
    return this;
  }

  public EntryWriter raw(byte[] v) {
    out.writeBytes(v);
    return this;
  }

  public EntryWriter string(String v) {
    return bytes(v.getBytes(StandardCharsets.UTF_8));
  }

  public EntryWriter hash(Hash h) {
    return raw(h.bytes());
  }

  public EntryWriter uuid(Uuid u) {
    return raw(u.bytes());
  }

  /** Writes a presence byte, then the value if present. */
  public <T> EntryWriter optional(T value, BiConsumer<EntryWriter, T> item) {
    bool(value != null);
    if (value != null) {
      item.accept(this, value);
    }
    return this;
  }

  public <T> EntryWriter list(Collection<T> items, BiConsumer<EntryWriter, T> item) {
    i32(items.size());
    for (T t : items) {
      item.accept(this, t);
    }
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
