package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.block.DataLayout.DirEntry;
import dev.remise.core.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataLayoutTest {
  private static DirEntry dir(String name, long capacity) {
    return new DirEntry("/d/" + name, capacity, false, "m-" + name);
  }

  private static DirEntry readOnly(String name) {
    return new DirEntry("/d/" + name, 0, true, "m-" + name);
  }

  @Test
  void slicesAreSplitInProportionToCapacityForAnyCapacities() {
    Random random = new Random(4);
    for (int round = 0; round < 200; round++) {
      int n = 1 + random.nextInt(6);
      List<DirEntry> dirs = new ArrayList<>();
      long total = 0;
      for (int i = 0; i < n; i++) {
        long c = 1 + random.nextInt(20_000);
        dirs.add(dir("x" + i, c));
        total += c;
      }
      Map<String, Integer> counts = DataLayout.initialize(dirs).primaryCounts();
      assertThat(counts.values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(DataLayout.SLICES);
      for (DirEntry d : dirs) {
        double share = (double) DataLayout.SLICES * d.capacity() / total;
        assertThat((double) counts.get(d.path()))
            .isCloseTo(share, org.assertj.core.data.Offset.offset(1.0));
      }
    }
  }

  @Test
  void addingADirMovesOnlyItsShare() {
    DataLayout one = DataLayout.initialize(List.of(dir("a", 1000), dir("b", 1000)));
    DataLayout two = one.update(List.of(dir("a", 1000), dir("b", 1000), dir("c", 2000)), Set.of());
    assertThat(two.primaryCounts()).containsEntry("/d/c", 512);
    int moved = 0;
    for (int s = 0; s < DataLayout.SLICES; s++) {
      if (!one.dirs()
          .get(one.primary()[s])
          .path()
          .equals(two.dirs().get(two.primary()[s]).path())) {
        moved++;
        // The old primary keeps the slice as a secondary: its blocks stay readable.
        assertThat(two.secondary()[s]).isNotEmpty();
      }
    }
    assertThat(moved).isEqualTo(512);
  }

  @Test
  void aReadOnlyDirIsPrimaryOfNothingButStaysReadable() {
    DataLayout before = DataLayout.initialize(List.of(dir("a", 1000), dir("b", 1000)));
    DataLayout after = before.update(List.of(dir("a", 1000), readOnly("b")), Set.of());
    assertThat(after.primaryCounts()).containsEntry("/d/a", 1024).containsEntry("/d/b", 0);
    Hash h = hashInSlice(before, "/d/b");
    assertThat(after.secondaries(h)).extracting(DirEntry::path).containsExactly("/d/b");
    assertThat(after.withoutSecondaries().secondaries(h)).isEmpty();
  }

  @Test
  void aNonEmptyNewDirIsLookedInForEverySlice() {
    DataLayout before = DataLayout.initialize(List.of(dir("a", 1000)));
    DataLayout after = before.update(List.of(dir("a", 1000), dir("old", 1000)), Set.of("/d/old"));
    for (int s = 0; s < DataLayout.SLICES; s++) {
      String primary = after.dirs().get(after.primary()[s]).path();
      if (primary.equals("/d/a")) {
        assertThat(after.secondary()[s]).containsExactly(1);
      }
    }
  }

  @Test
  void encodingRoundTrips() {
    DataLayout l =
        DataLayout.initialize(List.of(dir("a", 3), dir("b", 5)))
            .update(List.of(dir("a", 3), dir("b", 5), dir("c", 8)), Set.of());
    assertThat(DataLayout.decode(l.encode())).isEqualTo(l);
  }

  @Test
  void allReadOnlyOrDuplicatesAreRefused() {
    assertThatThrownBy(() -> DataLayout.initialize(List.of(readOnly("a"))))
        .isInstanceOf(IllegalArgumentException.class);
    DataLayout l = DataLayout.initialize(List.of(dir("a", 1)));
    assertThatThrownBy(() -> l.update(List.of(dir("a", 1), dir("a", 2)), Set.of()))
        .hasMessageContaining("twice");
  }

  private static Hash hashInSlice(DataLayout layout, String primaryPath) {
    Random r = new Random(1);
    while (true) {
      byte[] b = new byte[32];
      r.nextBytes(b);
      Hash h = new Hash(b);
      if (layout.primary(h).path().equals(primaryPath)) {
        return h;
      }
    }
  }
}
