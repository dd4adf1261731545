package dev.remise.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link LayoutHistory#merge} is a join: replicas that exchange histories in any order, any number
 * of times, end with the same one.
 */
class LayoutHistoryMergeTest {

  @Provide
  Arbitrary<LayoutHistory> histories() {
    return Histories.histories();
  }

  @Property
  void mergeIsCommutative(
      @ForAll("histories") LayoutHistory a, @ForAll("histories") LayoutHistory b) {
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
  }

  @Property
  void mergeIsAssociative(
      @ForAll("histories") LayoutHistory a,
      @ForAll("histories") LayoutHistory b,
      @ForAll("histories") LayoutHistory c) {
    assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
  }

  @Property
  void mergeIsIdempotent(@ForAll("histories") LayoutHistory a) {
    assertThat(a.merge(a)).isEqualTo(a);
  }

  @Property
  void theHighestVersionNumberOfEitherSideBecomesCurrent(
      @ForAll("histories") LayoutHistory a, @ForAll("histories") LayoutHistory b) {
    long highest = Math.max(a.current().version(), b.current().version());

    assertThat(a.merge(b).current().version()).isEqualTo(highest);
  }

  @Property
  void equalHistoriesHaveEqualDigestsAndMergedOnesAgree(
      @ForAll("histories") LayoutHistory a, @ForAll("histories") LayoutHistory b) {
    assertThat(a.merge(b).digest()).isEqualTo(b.merge(a).digest());
    assertThat(a.digest().equals(b.digest())).isEqualTo(a.equals(b));
  }

  @Example
  void twoVersionsUnderOneNumberResolveToTheSameOneOnEveryReplica() {
    LayoutHistory a = single(Histories.pooled(3, 0));
    LayoutHistory b = single(Histories.pooled(3, 1));
    LayoutVersion smaller =
        LayoutCodec.digest(Histories.pooled(3, 0))
                    .compareTo(LayoutCodec.digest(Histories.pooled(3, 1)))
                < 0
            ? Histories.pooled(3, 0)
            : Histories.pooled(3, 1);

    assertThat(a.conflictingVersions(b)).containsExactly(3L);
    assertThat(a.merge(b).current()).isEqualTo(smaller);
    assertThat(b.merge(a).current()).isEqualTo(smaller);
  }

  @Example
  void aReplicaFarBehindAdoptsTheNewerVersionsAndRetiresItsOwn() {
    TreeMap<Long, LayoutVersion> behind = new TreeMap<>();
    behind.put(1L, Histories.pooled(1, 0));
    TreeMap<Long, LayoutVersion> ahead = new TreeMap<>();
    ahead.put(4L, Histories.pooled(4, 0));
    ahead.put(5L, Histories.pooled(5, 0));
    LayoutHistory old = history(behind, 1);
    LayoutHistory recent = history(ahead, 5);

    LayoutHistory merged = old.merge(recent);

    assertThat(merged.current().version()).isEqualTo(5);
    assertThat(merged.activeVersions()).extracting(LayoutVersion::version).containsExactly(5L);
    assertThat(merged.retiredVersions()).extracting(LayoutVersion::version).containsExactly(1L, 4L);
  }

  private static LayoutHistory single(LayoutVersion v) {
    TreeMap<Long, LayoutVersion> versions = new TreeMap<>();
    versions.put(v.version(), v);
    return history(versions, v.version());
  }

  private static LayoutHistory history(TreeMap<Long, LayoutVersion> versions, long activeFrom) {
    return new LayoutHistory(
        versions,
        activeFrom,
        UpdateTrackers.empty(),
        LayoutStaging.initial(Histories.ONE, Histories.ONE));
  }
}
