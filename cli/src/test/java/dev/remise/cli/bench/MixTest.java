package dev.remise.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixTest {

  @Test
  void warpsMixDrawsEachKindInItsShare() {
    Mix mix = Mix.WARP;
    assertThat(mix.total()).isEqualTo(100);
    Map<OpKind, Integer> drawn = new EnumMap<>(OpKind.class);
    for (int d = 0; d < mix.total(); d++) {
      drawn.merge(mix.choose(d), 1, Integer::sum);
    }
    assertThat(drawn)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(OpKind.GET, 45, OpKind.PUT, 15, OpKind.HEAD, 30, OpKind.DELETE, 10));
    assertThat(mix.percentages()).containsEntry("GET", 45.0).containsEntry("DELETE", 10.0);
    assertThat(mix.readsObjects()).isTrue();
  }

  @Test
  void statIsHeadAndWeightsNeedNotAddUpTo100() {
    Mix mix = Mix.parse("stat=1, get=3");
    assertThat(mix.total()).isEqualTo(4);
    assertThat(mix.choose(0)).isEqualTo(OpKind.GET);
    assertThat(mix.choose(3)).isEqualTo(OpKind.HEAD);
    assertThat(mix.toString()).isEqualTo("get=3,head=1");
    assertThat(Mix.parse(mix.toString())).isEqualTo(mix);
  }

  @Test
  void zeroWeightsAreLeftOut() {
    Mix mix = Mix.parse("put=1,delete=0");
    assertThat(mix).isEqualTo(Mix.only(OpKind.PUT));
    assertThat(mix.kinds()).containsExactly(OpKind.PUT);
    assertThat(mix.readsObjects()).isFalse();
  }

  @Test
  void badMixesAreRefused() {
    assertThatThrownBy(() -> Mix.parse("get=0")).hasMessageContaining("positive weight");
    assertThatThrownBy(() -> Mix.parse("copy=3")).hasMessageContaining("kinds are");
    assertThatThrownBy(() -> Mix.parse("get")).hasMessageContaining("kind=weight");
    assertThatThrownBy(() -> Mix.parse("get=x")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> Mix.parse("get=-1")).hasMessageContaining("negative");
    assertThatThrownBy(() -> Mix.parse("get=1,get=2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> Mix.WARP.choose(100)).isInstanceOf(IllegalArgumentException.class);
  }
}
