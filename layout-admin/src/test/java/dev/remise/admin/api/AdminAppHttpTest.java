package dev.remise.admin.api;

import dev.remise.admin.metadata.InMemoryMetadataClient;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every HTTP test of layout-admin shares: the whole app on a random port, an in-memory
 * metadata node in place of the RPC client, a fresh data dir, and an {@link AdminHttp} client
 * carrying the test's admin token.
 */
abstract class AdminAppHttpTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class FakeMetadata {
    @Bean
    @Primary
    InMemoryMetadataClient inMemoryMetadata() {
      return new InMemoryMetadataClient();
    }
  }

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("remise.admin.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort protected int port;
  protected AdminHttp http;

  /** The bearer token the test's app is configured with. */
  protected abstract String adminToken();

  @BeforeEach
  void client() {
    http = new AdminHttp(port, adminToken());
  }
}
