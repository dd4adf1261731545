package dev.remise.table;

import dev.remise.core.Hash;
import dev.remise.core.Uuid;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads what {@link EntryWriter} wrote. Every length is checked against what is left, so a corrupt
 * or hostile message fails with {@link MalformedEntryException} instead of allocating gigabytes or
 * reading garbage.
 */
public final class EntryReader {
  private final byte[] data;
  private int pos;

  public EntryReader(byte[] data) {
    this(data, 0);
  }

  public EntryReader(byte[] data, int offset) {
    this.data = data;
    this.pos = offset;
  }

  private void need(int n) {
    if (n < 0 || data.length - pos < n) {
      throw new MalformedEntryException(
          "entry truncated: need " + n + " bytes at offset " + pos + " of " + data.length);
    }
  }

  public int u8() {
    need(1);
    return data[pos++] & 0xFF;
  }

  public boolean bool() {
    int b = u8();
    if (b > 1) {
      throw new MalformedEntryException("bad boolean " + b);
    }
    return b == 1;
  }

  public int i32() {
    need(4);
    int v =
        ((data[pos] & 0xFF) << 24)
            | ((data[pos + 1] & 0xFF) << 16)
            | ((data[pos + 2] & 0xFF) << 8)
            | (data[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long i64() {
    long hi = i32() & 0xFFFFFFFFL;
    long lo = i32() & 0xFFFFFFFFL;
    return (hi << 32) | lo;
  }

  public byte[] bytes() {
    int n = i32();
    need(n);
    byte[] v = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return v;
  }

  public byte[] raw(int n) {
    need(n);
    byte[] v = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return v;
  }

  public String string() {
    byte[] b = bytes();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEntryException("string is not valid UTF-8");
    }
  }

  public Hash hash() {
    return new Hash(raw(Hash.LENGTH));
  }

  public Uuid uuid() {
    return new Uuid(raw(Hash.LENGTH));
  }

  public <T> T optional(Function<EntryReader, T> item) {
    return bool() ? item.apply(this) : null;
  }

  /**
   * A collection size written by {@link EntryWriter#list}. Each item takes at least one byte, so a
   * count that is negative or larger than what is left is corrupt: refusing it here keeps a bad
   * count from allocating memory or silently decoding as an empty collection.
   */
  public int count() {
    int n = i32();
    if (n < 0 || n > data.length - pos) {
      throw new MalformedEntryException("bad count " + n + " at offset " + (pos - 4));
    }
    return n;
  }

  public <T> List<T> list(Function<EntryReader, T> item) {
    int n = count();
    List<T> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(item.apply(this));
    }
    return items;
  }

  public boolean atEnd() {
    return pos == data.length;
  }

  public int position() {
    return pos;
  }

  public void expectEnd() {
    if (!atEnd()) {
      throw new MalformedEntryException((data.length - pos) + " trailing bytes after entry");
    }
  }
}
