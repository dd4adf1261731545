package dev.remise.k2v;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=gateway-k2v", "management.server.port=0"})
class GatewayK2vApplicationTest {
  @LocalServerPort int port;

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
}
