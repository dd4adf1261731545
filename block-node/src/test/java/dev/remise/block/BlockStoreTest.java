package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.block.BlockStore.DirConfig;
import dev.remise.core.Blake2;
import dev.remise.core.Hash;
import dev.remise.datablock.DataBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks over several data dirs: spread by capacity, read-only dirs, rebalance, markers. */
class BlockStoreTest {
  @TempDir Path tmp;
  private final AtomicReference<DataLayout> remembered = new AtomicReference<>();
  private final Random random = new Random(8);

  private BlockStore open(List<DirConfig> dirs) throws Exception {
    return BlockStore.open(dirs, false, Optional.ofNullable(remembered.get()), remembered::set);
  }

  private DirConfig dir(String name, long capacity) {
    return new DirConfig(tmp.resolve(name), OptionalLong.of(capacity), false);
  }

  private DirConfig readOnly(String name) {
    return new DirConfig(tmp.resolve(name), OptionalLong.empty(), true);
  }

  private List<Hash> writeBlocks(BlockStore store, int n) throws Exception {
    List<Hash> hashes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] d = new byte[64];
      random.nextBytes(d);
      Hash h = Blake2.sum(d);
      store.write(h, new DataBlock.Plain(d));
      hashes.add(h);
    }
    return hashes;
  }

  private long blocksIn(BlockStore store, int dirIndex) throws Exception {
    return store.dirs().get(dirIndex).usage().blocks();
  }

  @Test
  void blocksSpreadOverTwoDirsByCapacity() throws Exception {
    BlockStore store = open(List.of(dir("a", 1_000), dir("b", 3_000)));
    List<Hash> hashes = writeBlocks(store, 2_000);
    long a = blocksIn(store, 0);
    long b = blocksIn(store, 1);
    assertThat(a + b).isEqualTo(2_000);
    assertThat((double) a / 2_000).isBetween(0.20, 0.30);
    for (Hash h : hashes) {
      assertThat(store.read(h)).isPresent();
    }
  }

  @Test
  void aDirTurnedReadOnlyKeepsServingAndRebalanceEmptiesIt() throws Exception {
    BlockStore store = open(List.of(dir("a", 1_000), dir("b", 1_000)));
    List<Hash> hashes = writeBlocks(store, 500);
    assertThat(blocksIn(store, 1)).isPositive();

    BlockStore reopened = open(List.of(dir("a", 1_000), readOnly("b")));
    for (Hash h : hashes) {
      assertThat(reopened.read(h)).as("readable from the read-only dir").isPresent();
    }
    // New blocks never go to the read-only dir.
    writeBlocks(reopened, 100);
    long before = blocksIn(reopened, 1);
    assertThat(before).isPositive();

    assertThat(reopened.rebalance()).isEqualTo(before);
    assertThat(blocksIn(reopened, 1)).isZero();
    assertThat(blocksIn(reopened, 0)).isEqualTo(600);
    for (Hash h : hashes) {
      assertThat(reopened.read(h)).isPresent();
    }
    assertThat(remembered.get().secondary()[0]).isEmpty();
  }

  @Test
  void writingABlockFoundOutsideItsPrimaryDirMovesIt() throws Exception {
    BlockStore store = open(List.of(dir("a", 1_000)));
    List<Hash> hashes = writeBlocks(store, 50);
    BlockStore grown = open(List.of(dir("a", 1_000), dir("b", 1_000)));
    Hash moved =
        hashes.stream()
            .filter(h -> grown.layout().primary(h).path().endsWith("/b"))
            .findFirst()
            .orElseThrow();
    DataBlock block = grown.read(moved).orElseThrow();
    assertThat(grown.find(moved).orElseThrow().toString()).contains("/a/");
    grown.write(moved, block);
    assertThat(grown.find(moved).orElseThrow().toString()).contains("/b/");
    assertThat(grown.dirs().getFirst().exists(moved)).isFalse();
  }

  @Test
  void aSwappedDiskIsRefused() throws Exception {
    open(List.of(dir("a", 1_000), dir("b", 1_000)));
    Files.writeString(tmp.resolve("b").resolve(DataDir.MARKER_FILE), "someone-else\n");
    assertThatThrownBy(() -> open(List.of(dir("a", 1_000), dir("b", 1_000))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("right disk");
  }

  @Test
  void severalWritableDirsNeedCapacities() {
    assertThatThrownBy(
            () ->
                open(
                    List.of(
                        dir("a", 1_000),
                        new DirConfig(tmp.resolve("b"), OptionalLong.empty(), false))))
        .hasMessageContaining("needs a capacity");
  }

  @Test
  void dirsAdoptedWithoutARememberedLayoutAreLookedInEverywhere() throws Exception {
    BlockStore store = open(List.of(dir("a", 1_000), dir("b", 1_000)));
    List<Hash> hashes = writeBlocks(store, 200);
    // The metadata DB is lost, the disks are kept, and the capacities now differ.
    remembered.set(null);
    BlockStore adopted = open(List.of(dir("a", 3_000), dir("b", 1_000)));
    for (Hash h : hashes) {
      assertThat(adopted.read(h)).as("block %s", h).isPresent();
    }
  }
}
