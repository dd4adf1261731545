package dev.remise.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.admin.BucketAliasTable;
import dev.remise.model.admin.BucketTable;
import dev.remise.model.admin.KeyTable;
import dev.remise.model.counter.CounterTable;
import dev.remise.model.s3.BlockRefTable;
import dev.remise.model.s3.MultipartUploadTable;
import dev.remise.model.s3.ObjectTable;
import dev.remise.model.s3.VersionTable;
import dev.remise.table.TableSchema;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The stored encoding of every table, byte by byte, so that an accidental change (a reordered
 * field, a different width) fails here instead of silently splitting replicas that run different
 * builds or misreading data on disk. A deliberate change needs a new version marker.
 *
 * <p>Layout, as EntryWriter writes it: the table's version marker in ASCII, then the fields in the
 * order the schema's {@code write} lists them. {@code i32}/{@code i64} are big-endian; a boolean
 * and a tag are one byte; a string or byte string is an {@code i32} length then the bytes (UTF-8
 * for strings); a list or map is an {@code i32} count then its items (maps in key order); an
 * optional value is a presence byte (00/01) then the value if present; ids and hashes are their 32
 * raw bytes, written below as {@code id(n)} = the byte n repeated 32 times (see GoldenEntries).
 * Timestamps 1000, 1001, 1002 are {@code 3e8}, {@code 3e9}, {@code 3ea}.
 */
class EntryGoldenBytesTest {

  private static String id(int n) {
    return "%02x".formatted(n).repeat(32);
  }

  private static <E> void assertEncoding(TableSchema<E> table, E entry, String expectedHex) {
    assertThat(CrdtLaws.hex(table, entry)).isEqualTo(expectedHex);
    byte[] golden = HexFormat.of().parseHex(expectedHex);
    assertThat(CrdtLaws.hex(table, table.decode(golden))).isEqualTo(expectedHex);
  }

  @Test
  void blockRefEncodesToTheDocumentedBytes() {
    assertEncoding(
        BlockRefTable.INSTANCE,
        GoldenEntries.BLOCK_REF,
        "52316272" // "R1br"
            + id(0xb1) // block hash
            + id(0x5e) // version uuid
            + "01"); // deleted
  }

  @Test
  void versionEncodesToTheDocumentedBytes() {
    assertEncoding(
        VersionTable.INSTANCE,
        GoldenEntries.VERSION,
        "5231766572" // "R1ver"
            + id(0x5e) // uuid
            + "00" // deleted = false
            + "00000001" // 1 block:
            + "00000001" // part number 1 (i32)
            + "0000000000000000" // offset 0 (i64)
            + id(0xb1) // block hash
            + "0000000000000005" // size 5 (i64)
            + "00" // backlink tag 0 = object:
            + id(0x0b) // bucket id
            + "00000001"
            + "6b"); // key "k"
  }

  @Test
  void versionWithoutBlocksAndWithAnUploadBacklinkEncodesToTheDocumentedBytes() {
    assertEncoding(
        VersionTable.INSTANCE,
        GoldenEntries.VERSION_NO_BLOCKS,
        "5231766572" // "R1ver"
            + id(0x5e) // uuid
            + "00" // deleted = false
            + "00000000" // 0 blocks
            + "01" // backlink tag 1 = multipart upload:
            + id(0x6d)); // upload id
  }

  @Test
  void multipartUploadEncodesToTheDocumentedBytes() {
    assertEncoding(
        MultipartUploadTable.INSTANCE,
        GoldenEntries.UPLOAD,
        "52316d7075" // "R1mpu"
            + id(0x6d) // upload id
            + "00000000000003e8" // timestamp 1000
            + "00" // deleted = false
            + id(0x0b) // bucket id
            + "00000001"
            + "6b" // key "k"
            + "00000001" // 1 part attempt:
            + "00000001" // part number 1 (i32)
            + "00000000000003e9" // attempt timestamp 1001
            + id(0x5e) // part version
            + "01"
            + "00000001"
            + "65" // etag present: "e"
            + "01"
            + "0000000000000005" // size present: 5
            + "00"); // checksum absent
  }

  @Test
  void objectEncodesToTheDocumentedBytes() {
    assertEncoding(
        ObjectTable.INSTANCE,
        GoldenEntries.OBJECT,
        "52316f626a" // "R1obj"
            + id(0x0b) // bucket id
            + "00000001"
            + "6b" // key "k"
            + "00000003" // 3 versions
            // version 1: complete, inline data
            + id(0x5e) // uuid
            + "00000000000003e8" // timestamp 1000
            + "01" // state tag 1 = complete
            + "01" // data tag 1 = inline:
            + "0000000000000002" // size 2
            + "00000001"
            + "65" // etag "e"
            + "00000001" // 1 header:
            + "00000001"
            + "61"
            + "00000001"
            + "62" // "a": "b"
            + "00" // checksum absent
            + "00000002"
            + "6869" // bytes "hi"
            // version 2: multipart upload in progress
            + id(0x6d) // uuid
            + "00000000000003e9" // timestamp 1001
            + "00" // state tag 0 = uploading
            + "01" // multipart = true
            + "00000000" // 0 headers
            + "01"
            + "00000005"
            + "4352433332"
            + "00000001"
            + "78" // checksum "CRC32" "x"
            // version 3: aborted
            + id(0x7a) // uuid
            + "00000000000003ea" // timestamp 1002
            + "02"); // state tag 2 = aborted
  }

  @Test
  void objectWithADeleteMarkerAndAFirstBlockEncodesToTheDocumentedBytes() {
    assertEncoding(
        ObjectTable.INSTANCE,
        GoldenEntries.OBJECT_FIRST_BLOCK,
        "52316f626a" // "R1obj"
            + id(0x0b) // bucket id
            + "00000001"
            + "6b" // key "k"
            + "00000002" // 2 versions
            + id(0x5e)
            + "00000000000003e8" // uuid, timestamp 1000
            + "01"
            + "00" // complete, data tag 0 = delete marker
            + id(0x6d)
            + "00000000000003e9" // uuid, timestamp 1001
            + "01"
            + "02" // complete, data tag 2 = first block:
            + "0000000000000005" // size 5
            + "00000001"
            + "65" // etag "e"
            + "00000000" // 0 headers
            + "00" // checksum absent
            + id(0xb1)); // first block hash
  }

  @Test
  void bucketEncodesToTheDocumentedBytes() {
    assertEncoding(
        BucketTable.INSTANCE,
        GoldenEntries.BUCKET,
        "5231626b74" // "R1bkt"
            + id(0x0b) // bucket id
            + "00" // deleted = false
            + "00000000000003e8" // creation date 1000
            + "00000001" // 1 authorized key:
            + "00000003"
            + "474b31" // "GK1"
            + "00000000000003e8"
            + "01"
            + "00"
            + "01" // perm ts 1000, read, no write, owner
            + "00000001" // 1 global alias:
            + "00000001"
            + "62" // "b"
            + "00000000000003e8"
            + "01" // ts 1000, true
            + "00000001" // 1 local alias:
            + "00000003"
            + "474b31"
            + "00000001"
            + "6c" // ("GK1", "l")
            + "00000000000003e8"
            + "01"); // ts 1000, true
  }

  @Test
  void deletedBucketEncodesOnlyItsIdAndFlag() {
    assertEncoding(
        BucketTable.INSTANCE,
        GoldenEntries.BUCKET_TOMBSTONE,
        "5231626b74" // "R1bkt"
            + id(0x0b) // bucket id
            + "01"); // deleted = true, nothing follows
  }

  @Test
  void bucketAliasEncodesToTheDocumentedBytes() {
    assertEncoding(
        BucketAliasTable.INSTANCE,
        GoldenEntries.ALIAS,
        "523162616c" // "R1bal"
            + "00000001"
            + "62" // name "b"
            + "00000000000003e8" // timestamp 1000
            + "01"
            + id(0x0b)); // bucket id present
  }

  @Test
  void releasedBucketAliasEncodesToTheDocumentedBytes() {
    assertEncoding(
        BucketAliasTable.INSTANCE,
        GoldenEntries.ALIAS_RELEASED,
        "523162616c" // "R1bal"
            + "00000001"
            + "62" // name "b"
            + "00000000000003e9" // timestamp 1001
            + "00"); // bucket id absent
  }

  @Test
  void accessKeyEncodesToTheDocumentedBytes() {
    assertEncoding(
        KeyTable.INSTANCE,
        GoldenEntries.KEY,
        "52316b6579" // "R1key"
            + "00000003"
            + "474b31" // access key id "GK1"
            + "00" // deleted = false
            + "00000001"
            + "73" // secret "s"
            + "00000000000003e8" // created 1000
            + "00000000000003e8"
            + "00000001"
            + "6e" // name: ts 1000, "n"
            + "00000000000003e8"
            + "01" // allow create bucket: ts 1000, true
            + "00000001" // 1 authorized bucket:
            + id(0x0b) // bucket id
            + "00000000000003e8"
            + "01"
            + "01"
            + "00" // perm ts 1000, read, write, not owner
            + "00000001" // 1 local alias:
            + "00000001"
            + "6c" // "l"
            + "00000000000003e8" // ts 1000
            + "01"
            + id(0x0b)); // bucket id present
  }

  @Test
  void deletedAccessKeyEncodesOnlyItsIdAndFlag() {
    assertEncoding(
        KeyTable.INSTANCE,
        GoldenEntries.KEY_TOMBSTONE,
        "52316b6579" // "R1key"
            + "00000003"
            + "474b31" // access key id "GK1"
            + "01"); // deleted = true, nothing follows
  }

  @Test
  void objectCounterEncodesToTheDocumentedBytes() {
    assertEncoding(
        CounterTable.BUCKET_OBJECT_COUNTER,
        GoldenEntries.OBJECT_COUNTER,
        "5231626f63" // "R1boc"
            + id(0x0b) // partition: the bucket id
            + "00000000" // sort key "" (empty)
            + "00000002" // 2 nodes, in id order:
            + id(0x01) // node 01
            + "00000000000003e8" // stamp 1000
            + "00000002" // 2 values, in name order:
            + "00000005"
            + "6279746573" // "bytes"
            + "0000000000000005" // 5
            + "00000007"
            + "6f626a65637473" // "objects"
            + "0000000000000001" // 1
            + id(0x02) // node 02
            + "00000000000003e9" // stamp 1001
            + "00000001"
            + "00000007"
            + "6f626a65637473" // "objects"
            + "0000000000000000"); // 0
  }

  @Test
  void uploadCounterEncodesToTheDocumentedBytes() {
    assertEncoding(
        CounterTable.BUCKET_MPU_COUNTER,
        GoldenEntries.MPU_COUNTER,
        "5231626d63" // "R1bmc"
            + id(0x0b) // partition: the bucket id
            + "00000002"
            + "3664" // sort key "6d": the upload ids' ring partition
            + "00000001" // 1 node:
            + id(0x01)
            + "00000000000003ea" // stamp 1002
            + "00000000"); // no values
  }
}
