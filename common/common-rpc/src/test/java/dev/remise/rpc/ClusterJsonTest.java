package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.NodeId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClusterJsonTest {
  private static final NodeId ID = NodeId.fromHex("0a".repeat(32));

  private static final Heartbeat BEAT =
      new Heartbeat(
          ID, "block-node", "http://10.0.0.5:3905", "n1", "0.1.0", 3, "dc2", 10L, 20L, null, null);

  @Test
  void aHeartbeatIsCamelCaseJsonWithTheIdInHex() {
    String json = new String(ClusterJson.encode(BEAT), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"id\":\""
                + "0a".repeat(32)
                + "\",\"role\":\"block-node\",\"address\":\"http://10.0.0.5:3905\","
                + "\"hostname\":\"n1\",\"version\":\"0.1.0\",\"layoutVersion\":3,"
                + "\"zoneHint\":\"dc2\",\"dataAvailable\":10,\"dataTotal\":20,"
                + "\"metaAvailable\":null,\"metaTotal\":null}");
  }

  @Test
  void aHeartbeatSurvivesTheRoundTrip() {
    assertThat(ClusterJson.decode(ClusterJson.encode(BEAT), Heartbeat.class)).isEqualTo(BEAT);
  }

  @Test
  void aReplySurvivesTheRoundTrip() {
    HeartbeatReply reply = new HeartbeatReply(7, "ff".repeat(32), "ee".repeat(32));

    assertThat(ClusterJson.decode(ClusterJson.encode(reply), HeartbeatReply.class))
        .isEqualTo(reply);
  }

  @Test
  void aHeartbeatBreakingItsRulesIsAMalformedMessageSayingWhy() {
    byte[] json =
        ("{\"id\":\""
                + "0a".repeat(32)
                + "\",\"role\":\"toaster\",\"address\":\"x\","
                + "\"layoutVersion\":0}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ClusterJson.decode(json, Heartbeat.class))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("unknown role toaster");
  }

  @Test
  void aShortNodeIdIsAMalformedMessage() {
    byte[] json =
        "{\"id\":\"0a\",\"role\":\"block-node\",\"address\":\"x\",\"layoutVersion\":0}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ClusterJson.decode(json, Heartbeat.class))
        .isInstanceOf(MalformedMessageException.class);
  }
}
