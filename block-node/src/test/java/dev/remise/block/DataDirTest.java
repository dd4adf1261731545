package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.datablock.Compression;
import dev.remise.datablock.DataBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
  @TempDir Path dir;

  private DataDir open() throws IOException {
    return DataDir.open(dir, false, Optional.empty());
  }

  private static byte[] data(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void storesBlockUnderGarageLayoutPath() throws IOException {
    DataDir store = open();
    byte[] data = data("hello block");
    Hash hash = Blake2.sum(data);

    assertThat(store.put(hash, data)).isTrue();

    String hex = hash.hex();
    Path expected = dir.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    assertThat(store.path(hash)).isEqualTo(expected);
    assertThat(expected).hasBinaryContent(data);
    assertThat(store.read(hash)).hasValueSatisfying(d -> assertThat(d.bytes()).isEqualTo(data));
    assertThat(store.exists(hash)).isTrue();
  }

  @Test
  void putOfExistingBlockKeepsTheStoredCopy() throws IOException {
    DataDir store = open();
    byte[] data = data("same bytes twice");
    Hash hash = Blake2.sum(data);
    store.put(hash, data);
    long inode = (long) Files.getAttribute(store.path(hash), "unix:ino");

    assertThat(store.put(hash, data)).isFalse();

    assertThat((long) Files.getAttribute(store.path(hash), "unix:ino")).isEqualTo(inode);
  }

  @Test
  void putLeavesNoTemporaryFiles() throws IOException {
    DataDir store = open();
    byte[] data = data("no leftovers");
    Hash hash = Blake2.sum(data);

    store.put(hash, data);

    try (Stream<Path> files = Files.list(store.path(hash).getParent())) {
      assertThat(files).containsExactly(store.path(hash));
    }
  }

  @Test
  void putRejectsDataThatDoesNotHashToItsName() throws IOException {
    DataDir store = open();
    Hash hash = Blake2.sum(data("the real content"));

    assertThatThrownBy(() -> store.put(hash, data("something else")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(hash.hex());
    assertThat(store.exists(hash)).isFalse();
  }

  @Test
  void readOfAbsentBlockIsEmpty() throws IOException {
    assertThat(open().read(Blake2.sum(data("never stored")))).isEmpty();
  }

  @Test
  void corruptBlockIsDetectedOnReadAndRenamedAside() throws IOException {
    DataDir store = open();
    byte[] data = data("bits will rot");
    Hash hash = Blake2.sum(data);
    store.put(hash, data);
    Path path = store.path(hash);
    Files.write(path, data("bits have rot"));

    assertThatThrownBy(() -> store.read(hash))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(hash.hex());

    assertThat(path).doesNotExist();
    assertThat(path.resolveSibling(hash.hex() + ".corrupted")).hasContent("bits have rot");
    assertThat(store.read(hash)).isEmpty();
  }

  @Test
  void deleteRemovesTheBlock() throws IOException {
    DataDir store = open();
    byte[] data = data("short-lived");
    Hash hash = Blake2.sum(data);
    store.put(hash, data);

    assertThat(store.delete(hash)).isTrue();
    assertThat(store.exists(hash)).isFalse();
    assertThat(store.delete(hash)).isFalse();
  }

  @Test
  void freshDirGetsAMarkerThatReopensWithTheSameId() throws IOException {
    DataDir first = open();
    assertThat(dir.resolve(DataDir.MARKER_FILE)).exists();

    DataDir again = DataDir.open(dir, false, Optional.of(first.markerId()));

    assertThat(again.markerId()).isEqualTo(first.markerId());
  }

  @Test
  void openRefusesADirMarkedForAnotherNode() throws IOException {
    open();

    assertThatThrownBy(() -> DataDir.open(dir, false, Optional.of("someone-else")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to another node");
  }

  @Test
  void openRefusesADirWhoseMarkerVanished() throws IOException {
    String marker = open().markerId();
    Files.delete(dir.resolve(DataDir.MARKER_FILE));

    assertThatThrownBy(() -> DataDir.open(dir, false, Optional.of(marker)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is the disk mounted?");
  }

  @Test
  void openRefusesBlocksWithoutAnyMarker() throws IOException {
    DataDir store = open();
    byte[] data = data("orphan");
    store.put(Blake2.sum(data), data);
    Files.delete(dir.resolve(DataDir.MARKER_FILE));

    assertThatThrownBy(() -> DataDir.open(dir, false, Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds blocks but no " + DataDir.MARKER_FILE);
  }

  @Test
  void markedDirIsAdoptedByAFreshMetadataDb() throws IOException {
    String marker = open().markerId();

    assertThat(DataDir.open(dir, false, Optional.empty()).markerId()).isEqualTo(marker);
  }

  @Test
  void fsyncedWritesStoreTheSameBytes() throws IOException {
    DataDir store = DataDir.open(dir, true, Optional.empty());
    byte[] data = data("durable");
    Hash hash = Blake2.sum(data);

    store.put(hash, data);

    assertThat(store.read(hash)).hasValueSatisfying(d -> assertThat(d.bytes()).isEqualTo(data));
  }

  @Test
  void aCompressedCopyReplacesAPlainOneAndIsKeptOverIt() throws Exception {
    DataDir store = open();
    byte[] data = "abc".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
    Hash hash = Blake2.sum(data);
    store.put(hash, data);
    DataBlock compressed = DataBlock.fromPlain(data, Compression.DEFAULT);

    assertThat(store.write(hash, compressed)).isTrue();
    assertThat(store.path(hash)).doesNotExist();
    assertThat(store.find(hash)).hasValue(store.path(hash).resolveSibling(hash.hex() + ".zst"));
    assertThat(store.write(hash, new DataBlock.Plain(data))).isFalse();
    assertThat(store.read(hash).orElseThrow().plain()).isEqualTo(data);
  }

  @Test
  void aCorruptCompressedCopyIsQuarantinedToo() throws Exception {
    DataDir store = open();
    byte[] data = "xyz".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
    Hash hash = Blake2.sum(data);
    store.write(hash, DataBlock.fromPlain(data, Compression.DEFAULT));
    Path file = store.find(hash).orElseThrow();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);

    assertThatThrownBy(() -> store.read(hash)).isInstanceOf(CorruptBlockException.class);
    assertThat(file.resolveSibling(hash.hex() + ".zst.corrupted")).exists();
    assertThat(store.exists(hash)).isFalse();
  }
}
