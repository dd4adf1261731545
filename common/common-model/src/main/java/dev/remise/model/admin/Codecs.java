package dev.remise.model.admin;

import dev.remise.table.EntryReader;
import dev.remise.table.EntryWriter;

/** Encodings shared by the bucket and key tables. */
final class Codecs {
  private Codecs() {}

  static void writePerm(BucketKeyPerm p, EntryWriter w) {
    w.i64(p.timestamp()).bool(p.read()).bool(p.write()).bool(p.owner());
  }

  static BucketKeyPerm readPerm(EntryReader r) {
    return new BucketKeyPerm(r.i64(), r.bool(), r.bool(), r.bool());
  }
}
