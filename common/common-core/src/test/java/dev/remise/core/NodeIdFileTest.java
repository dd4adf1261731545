package dev.remise.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdFileTest {
  @TempDir Path dir;

  @Test
  void theIdIsMadeOnceAndKept() throws Exception {
    Path data = dir.resolve("not-yet-created");

    NodeId first = NodeIdFile.loadOrCreate(data);

    assertThat(NodeIdFile.loadOrCreate(data)).isEqualTo(first);
    assertThat(Files.readString(data.resolve(NodeIdFile.FILE_NAME)).strip()).isEqualTo(first.hex());
  }

  @Test
  void aConfiguredIdWinsAndWritesNoFile() throws Exception {
    NodeId id = NodeIdFile.configuredOrFile("ab".repeat(32), dir);

    assertThat(id.hex()).isEqualTo("ab".repeat(32));
    assertThat(dir.resolve(NodeIdFile.FILE_NAME)).doesNotExist();
  }

  @Test
  void aBlankConfiguredIdFallsBackToTheFile() throws Exception {
    NodeId kept = NodeIdFile.loadOrCreate(dir);

    assertThat(NodeIdFile.configuredOrFile(" ", dir)).isEqualTo(kept);
    assertThat(NodeIdFile.configuredOrFile(null, dir)).isEqualTo(kept);
  }

  @Test
  void aDamagedFileStopsTheStartInsteadOfMakingANewNode() throws Exception {
    Files.writeString(dir.resolve(NodeIdFile.FILE_NAME), "not hex\n");

    assertThatThrownBy(() -> NodeIdFile.loadOrCreate(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not hold a node id");
  }
}
