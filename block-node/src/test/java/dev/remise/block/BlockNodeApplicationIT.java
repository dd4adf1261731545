package dev.remise.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The role as the launcher starts it: through {@link BlockNodeApplication#builder()}. */
class BlockNodeApplicationIT {
  @TempDir Path dir;

  private ConfigurableApplicationContext start(String name) {
    Path root = dir.resolve(name);
    return BlockNodeApplication.builder()
        .run(
            "--server.port=0",
            "--remise.block.data-dir=" + root.resolve("data"),
            "--remise.block.metadata-dir=" + root.resolve("meta"),
            "--remise.block.rpc-secret-file=" + root.resolve("rpc_secret"));
  }

  private static int port(ConfigurableApplicationContext ctx) {
    return ((WebServerApplicationContext) ctx).getWebServer().getPort();
  }

  @Test
  void builderReadsBlockNodeYml() {
    try (ConfigurableApplicationContext ctx = start("one")) {
      assertThat(ctx.getEnvironment().getProperty("spring.application.name"))
          .isEqualTo("block-node");
      assertThat(ctx.getEnvironment().getProperty("management.endpoints.web.base-path"))
          .isEqualTo("/");
    }
  }

  @Test
  void secretFileIsCreatedWhenNoSecretIsConfigured() {
    try (ConfigurableApplicationContext ctx = start("one")) {
      assertThat(dir.resolve("one").resolve("rpc_secret")).isRegularFile();
    }
  }

  @Test
  void twoNodesRunSideBySideInOneJvm() throws Exception {
    try (ConfigurableApplicationContext a = start("a");
        ConfigurableApplicationContext b = start("b");
        HttpClient http = HttpClient.newHttpClient()) {
      assertThat(a.getBean(MeterRegistry.class)).isNotSameAs(b.getBean(MeterRegistry.class));
      for (ConfigurableApplicationContext ctx : new ConfigurableApplicationContext[] {a, b}) {
        HttpResponse<String> metrics =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(ctx) + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("block_pending_deletion");
      }
    }
  }
}
