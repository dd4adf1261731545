package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code add-node} and {@code remove-node} record in {@code cluster.json}, without processes.
 */
class DevClusterStateTest {
  @TempDir Path dir;

  private static DevClusterState.Node node(int index) {
    String host = "127.0.0." + (10 + index);
    return new DevClusterState.Node(
        index,
        "node" + index,
        "id" + index,
        "dc" + index,
        100,
        host,
        "http://" + host + ":3900",
        "http://" + host + ":3904",
        "http://" + host + ":3901",
        "http://" + host + ":3905",
        new DevClusterState.Ports(3900, 3901, 3904, 3905, 3910, 3914),
        DevClusterState.DataDirs.of(Path.of("/d/node" + index)),
        new DevClusterState.Proc(
            "node" + index,
            0,
            null,
            "/d/node" + index + "/log",
            List.of("server", "--data-dir", "/d/node" + index, "--bind", host)));
  }

  private static DevClusterState cluster(DevClusterState.Node... nodes) {
    return new DevClusterState(
        "remise",
        "http://127.0.0.10:3903",
        "token",
        "GK1",
        "secret",
        "dev-bucket",
        1,
        3,
        nodes[0].s3Endpoint(),
        nodes[0].k2vEndpoint(),
        new DevClusterState.Proc("layout-admin", 0, null, "/d/layout-admin/log", List.of()),
        List.of(nodes),
        List.of());
  }

  @Test
  void aRemovedNodeLeavesNodesAndProcessesAndItsIndexIsNeverReused() {
    DevClusterState state = cluster(node(1), node(2), node(3));
    assertThat(state.nextIndex()).isEqualTo(4);

    DevClusterState removed = state.withAddedNode(node(4)).withRemovedNode(node(4));

    assertThat(removed.nodes())
        .extracting(DevClusterState.Node::name)
        .containsExactly("node1", "node2", "node3");
    assertThat(removed.removedNodes())
        .extracting(DevClusterState.Node::name)
        .containsExactly("node4");
    assertThat(removed.processes())
        .extracting(DevClusterState.Proc::name)
        .containsExactly("node1", "node2", "node3", "layout-admin");
    assertThat(removed.nextIndex()).isEqualTo(5);
  }

  @Test
  void removingTheFirstNodeMovesTheDefaultEndpointsToTheNextOne() {
    DevClusterState state = cluster(node(1), node(2)).withRemovedNode(node(1));

    assertThat(state.s3Endpoint()).isEqualTo(node(2).s3Endpoint());
    assertThat(state.k2vEndpoint()).isEqualTo(node(2).k2vEndpoint());
    // Found by index, not by position, now that node 2 is first.
    DevClusterState restarted =
        state.withNode(node(2).withProcess(node(2).process().withProcess(42, null)));
    assertThat(restarted.nodes().getFirst().process().pid()).isEqualTo(42);
  }

  @Test
  void aClusterFileWrittenBeforeRemoveNodeExistedReadsWithNoRemovedNode() throws Exception {
    cluster(node(1)).write(dir);
    String json = Files.readString(dir.resolve(DevClusterState.FILE_NAME));
    Files.writeString(
        dir.resolve(DevClusterState.FILE_NAME),
        json.replaceAll(",\\s*\"removedNodes\"\\s*:\\s*\\[\\s*\\]", ""));
    assertThat(Files.readString(dir.resolve(DevClusterState.FILE_NAME)))
        .doesNotContain("removedNodes");

    DevClusterState read = DevClusterState.read(dir).orElseThrow();

    assertThat(read.removedNodes()).isEmpty();
    assertThat(read.nodes()).hasSize(1);
  }

  @Test
  void aNewNodeTakesTheFirstNodesArgumentsWithItsOwnValues() {
    DevClusterState.Proc p =
        node(1).process().withOptions(Map.of("--data-dir", "/d/node4", "--bind", "127.0.0.14"));

    assertThat(p.args())
        .containsExactly("server", "--data-dir", "/d/node4", "--bind", "127.0.0.14");
    assertThatThrownBy(() -> node(1).process().withOptions(Map.of("--no-such-option", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--no-such-option");
  }
}
