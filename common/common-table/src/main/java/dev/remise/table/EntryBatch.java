package dev.remise.table;

import java.util.List;

/**
 * Several encoded entries in one message body (Garage's insert_many sends one message per node).
 */
public final class EntryBatch {
  private EntryBatch() {}

  public static byte[] encode(List<byte[]> entries) {
    return new EntryWriter().list(entries, EntryWriter::bytes).toByteArray();
  }

  public static List<byte[]> decode(byte[] body) {
    EntryReader r = new EntryReader(body);
    List<byte[]> entries = r.list(EntryReader::bytes);
    r.expectEnd();
    return entries;
  }
}
