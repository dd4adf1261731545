package dev.remise.admin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.core.NodeId;
import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.RingParameters;
import dev.remise.rpc.Heartbeat;
import dev.remise.rpc.LayoutRpc;
import dev.remise.rpc.RpcUnavailableException;
import dev.remise.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutPublisherTest {
  private final MutableClock clock = MutableClock.at(1_700_000_000_000L);
  private final NodeRegistry registry = new NodeRegistry(clock, Duration.ofSeconds(30));
  private final List<URI> pushedTo = new ArrayList<>();
  private final List<LayoutHistory> pushed = new ArrayList<>();

  private static Heartbeat beat(String id, String role, String address) {
    return new Heartbeat(
        NodeId.fromHex(id.repeat(32)),
        role,
        address,
        "h",
        "0.1.0",
        0,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void aNewHistoryIsPushedToEveryStorageRoleButNotToGateways() {
    registry.heartbeat(beat("aa", "metadata-node", "http://a:3901"));
    registry.heartbeat(beat("aa", "block-node", "http://a:3905"));
    registry.heartbeat(beat("aa", "gateway-s3", "http://a:3900"));
    registry.heartbeat(beat("bb", "block-node", "http://b:3905"));
    LayoutRpc rpc =
        (node, history) -> {
          pushedTo.add(node);
          pushed.add(LayoutCodec.decode(history));
        };
    LayoutHistory history =
        LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults());

    new LayoutPublisher(registry, rpc, Runnable::run).publish(history);

    assertThat(pushedTo)
        .containsExactlyInAnyOrder(
            URI.create("http://a:3901"), URI.create("http://a:3905"), URI.create("http://b:3905"));
    assertThat(pushed).allMatch(history::equals);
  }

  @Test
  void aNodeThatCannotBeReachedDoesNotStopThePushToTheOthers() {
    registry.heartbeat(beat("aa", "metadata-node", "http://a:3901"));
    registry.heartbeat(beat("bb", "metadata-node", "http://b:3901"));
    LayoutRpc rpc =
        (node, history) -> {
          if (node.getHost().equals("a")) {
            throw new RpcUnavailableException(node, new RuntimeException("connection refused"));
          }
          pushedTo.add(node);
        };

    new LayoutPublisher(registry, rpc, Runnable::run)
        .publish(LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults()));

    assertThat(pushedTo).containsExactly(URI.create("http://b:3901"));
  }
}
