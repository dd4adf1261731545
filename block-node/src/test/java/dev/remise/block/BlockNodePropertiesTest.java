package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class BlockNodePropertiesTest {

  private static BlockNodeProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("remise.block", BlockNodeProperties.class);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    BlockNodeProperties p = bind(Map.of());

    assertThat(p.dataDir().normalize()).isEqualTo(Path.of("data/block"));
    assertThat(p.metadataDir().normalize()).isEqualTo(Path.of("data/block-meta"));
    assertThat(p.rpcSecret()).isNull();
    assertThat(p.rpcSecretFile().normalize()).isEqualTo(Path.of("data/rpc_secret"));
    assertThat(p.dataFsync()).isFalse();
    assertThat(p.blockGcDelay()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.maxBlockSize()).isEqualTo(DataSize.ofMegabytes(16));
  }

  @Test
  void keysBindInKebabCase() {
    BlockNodeProperties p =
        bind(
            Map.of(
                "remise.block.data-dir", "/srv/blocks",
                "remise.block.data-fsync", "true",
                "remise.block.block-gc-delay", "30s",
                "remise.block.max-block-size", "4MB"));

    assertThat(p.dataDir()).isEqualTo(Path.of("/srv/blocks"));
    assertThat(p.dataFsync()).isTrue();
    assertThat(p.blockGcDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxBlockSize()).isEqualTo(DataSize.ofMegabytes(4));
  }

  @Test
  void negativeGcDelayIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("remise.block.block-gc-delay", "-1s")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("block-gc-delay");
  }

  @Test
  void severalDataDirsBindWithCapacitiesAndReadOnlyFlags() {
    BlockNodeProperties p =
        bind(
            Map.of(
                "remise.block.data-dirs[0].path", "/disk1",
                "remise.block.data-dirs[0].capacity", "2TB",
                "remise.block.data-dirs[1].path", "/disk2",
                "remise.block.data-dirs[1].read-only", "true",
                "remise.block.resync-worker-count", "4",
                "remise.block.block-ref-sync-interval", "5m"));

    assertThat(p.dataDirConfigs())
        .extracting(BlockStore.DirConfig::path, BlockStore.DirConfig::readOnly)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Path.of("/disk1"), false),
            org.assertj.core.groups.Tuple.tuple(Path.of("/disk2"), true));
    assertThat(p.dataDirConfigs().getFirst().capacityBytes())
        .hasValue(DataSize.ofTerabytes(2).toBytes()); // Spring sizes are binary
    assertThat(p.firstDataDir()).isEqualTo(Path.of("/disk1"));
    assertThat(p.resyncWorkerCount()).isEqualTo(4);
    assertThat(p.blockRefSyncInterval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aWritableDataDirWithoutCapacityOrOnlyReadOnlyDirsAreRefused() {
    assertThatThrownBy(() -> bind(Map.of("remise.block.data-dirs[0].path", "/disk1")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("needs a capacity");
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "remise.block.data-dirs[0].path", "/disk1",
                        "remise.block.data-dirs[0].read-only", "true")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("writable");
    assertThatThrownBy(() -> bind(Map.of("remise.block.resync-worker-count", "9")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("resync-worker-count");
  }
}
