package dev.remise.k2v;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.remise.layout.LayoutCodec;
import dev.remise.layout.LayoutHistory;
import dev.remise.layout.RingParameters;
import dev.remise.rpc.ClusterJson;
import dev.remise.rpc.Heartbeat;
import dev.remise.rpc.HeartbeatReply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.config.name=gateway-k2v",
      "management.server.port=0",
      "remise.k2v.heartbeat-interval=200ms"
    })
class GatewayK2vApplicationTest {
  private static final LayoutHistory LAYOUT =
      LayoutHistory.initial(RingParameters.defaults(), RingParameters.defaults());
  private static final BlockingQueue<Heartbeat> HEARTBEATS = new LinkedBlockingQueue<>();
  private static HttpServer layoutAdmin;

  @LocalServerPort int port;

  /**
   * A stand-in for layout-admin's control plane: records heartbeats, answers with the digest of an
   * empty layout, and serves that layout when pulled.
   */
  @DynamicPropertySource
  static void cluster(DynamicPropertyRegistry registry) throws IOException {
    Path dir = Files.createTempDirectory("k2v-gateway");
    layoutAdmin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    layoutAdmin.createContext(
        "/v1/cluster/heartbeat",
        exchange -> {
          HEARTBEATS.add(
              ClusterJson.decode(exchange.getRequestBody().readAllBytes(), Heartbeat.class));
          byte[] reply = ClusterJson.encode(new HeartbeatReply(0, LAYOUT.digest().hex(), null));
          exchange.sendResponseHeaders(200, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    layoutAdmin.createContext(
        "/v1/cluster/layout",
        exchange -> {
          byte[] body = LayoutCodec.encode(LAYOUT);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    layoutAdmin.start();
    registry.add("remise.k2v.rpc-secret-file", () -> dir.resolve("rpc_secret").toString());
    registry.add(
        "remise.k2v.layout-admin", () -> "http://127.0.0.1:" + layoutAdmin.getAddress().getPort());
  }

  @AfterAll
  static void stopLayoutAdmin() {
    layoutAdmin.stop(0);
  }

  @Test
  void everyK2vRequestIsAnsweredWith501InGaragesJsonShape() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/bucket/pk?sort_key=a"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(501);
    assertThat(r.body()).contains("\"code\":\"NotImplemented\"").contains("/bucket/pk");
  }

  @Test
  void theGatewayAnnouncesItselfToLayoutAdmin() throws Exception {
    Heartbeat first = HEARTBEATS.poll(10, TimeUnit.SECONDS);

    assertThat(first).isNotNull();
    assertThat(first.role()).isEqualTo("gateway-k2v");
    assertThat(first.address()).endsWith(":" + port);
    assertThat(first.dataTotal()).isNull();
  }
}
