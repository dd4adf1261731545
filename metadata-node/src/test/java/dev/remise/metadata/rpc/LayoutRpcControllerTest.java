package dev.remise.metadata.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutFile;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.LayoutVersion;
import dev.remise.layout.NodeRole;
import dev.remise.layout.RingLayout;
import dev.remise.layout.RingParameters;
import dev.remise.layout.RoleChange;
import dev.remise.layout.ZoneRedundancy;
import dev.remise.rpc.LayoutRpc;
import dev.remise.rpc.NodeLayout;
import dev.remise.rpc.RpcAuth;
import dev.remise.rpc.RpcAuthInterceptor;
import dev.remise.rpc.RpcSecret;
import feign.Feign;
import feign.FeignException;
import feign.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The push half of layout publication on a metadata node's internal port: a history pushed with the
 * cluster-secret proof is merged and persisted, anything else is refused.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=metadata-node")
class LayoutRpcControllerTest {
  private static final RpcSecret SECRET = RpcSecret.generate();
  private static final RingParameters RF1 = new RingParameters(1, ZoneRedundancy.atLeast(1));

  @TempDir static Path dir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("remise.metadata.metadata-dir", () -> dir.resolve("meta").toString());
    registry.add("remise.metadata.rpc-secret", SECRET::hex);
  }

  @LocalServerPort int port;
  @Autowired NodeLayout layout;

  private LayoutRpc client(RpcSecret secret) {
    return Feign.builder()
        .requestInterceptor(new RpcAuthInterceptor(new RpcAuth(secret, InstantSource.system())))
        .target(Target.EmptyTarget.create(LayoutRpc.class));
  }

  private URI node() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Test
  void aPushedHistoryIsMergedAndPersisted() throws IOException {
    InstantSource clock = InstantSource.system();
    LayoutHistory v1 =
        LayoutHistory.initial(RF1, RF1)
            .stage(
                Map.of(
                    NodeId.fromHex("ab".repeat(32)),
                    RoleChange.assign(NodeRole.storage("dc1", 1_000_000_000L))),
                clock)
            .apply(1, clock)
            .history();

    client(SECRET).advertiseClusterLayout(node(), LayoutCodec.encode(v1));

    assertThat(layout.currentVersion()).isEqualTo(1);
    assertThat(dir.resolve("meta").resolve(LayoutFile.FILE_NAME)).exists();
    assertThat(NodeLayout.open(dir.resolve("meta"), layout.self()).history()).contains(v1);
  }

  @Test
  void aHistoryWithAVersionFailingTheLayoutCheckIs400AndChangesNothing() {
    InstantSource clock = InstantSource.system();
    LayoutHistory v1 =
        LayoutHistory.initial(RF1, RF1)
            .stage(
                Map.of(
                    NodeId.fromHex("ab".repeat(32)),
                    RoleChange.assign(NodeRole.storage("dc1", 1_000_000_000L))),
                clock)
            .apply(1, clock)
            .history();
    LayoutVersion good = v1.current();
    RingLayout ring = good.blockRing();
    // Claims partitions of one byte: far below what the capacity allows, so not the optimum.
    RingLayout shrunk =
        new RingLayout(
            ring.ring(),
            ring.nodes(),
            ring.replicationFactor(),
            ring.zoneRedundancy(),
            1,
            ring.assignment());
    LayoutVersion bad =
        new LayoutVersion(
            1, good.roles(), good.metadata(), good.block(), good.metadataRing(), shrunk);
    LayoutHistory invalid =
        new LayoutHistory(new TreeMap<>(Map.of(1L, bad)), 1, v1.trackers(), v1.staging());
    long before = layout.currentVersion();

    assertThatThrownBy(
            () -> client(SECRET).advertiseClusterLayout(node(), LayoutCodec.encode(invalid)))
        .isInstanceOfSatisfying(
            FeignException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.contentUTF8()).contains("InvalidLayout").contains("partition size is 1");
            });
    assertThat(layout.currentVersion()).isEqualTo(before);
  }

  @Test
  void aBodyThatIsNoLayoutHistoryIs400() {
    assertThatThrownBy(() -> client(SECRET).advertiseClusterLayout(node(), new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(FeignException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void aPushWithoutTheClusterSecretIsRefused() {
    assertThatThrownBy(
            () ->
                client(RpcSecret.generate())
                    .advertiseClusterLayout(
                        node(), LayoutCodec.encode(LayoutHistory.initial(RF1, RF1))))
        .isInstanceOfSatisfying(FeignException.class, e -> assertThat(e.status()).isEqualTo(403));
  }
}
