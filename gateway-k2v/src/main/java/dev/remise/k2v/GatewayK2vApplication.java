package dev.remise.k2v;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The K2V API role. A placeholder until K2V lands (issue 8): it starts, serves health and metrics,
 * and answers every K2V request with 501 in Garage's JSON error shape, so clients get a clear
 * answer instead of a hang.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayK2vApplication {

  /** Several roles may share one JVM, so each reads its own config file (gateway-k2v.yml). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GatewayK2vApplication.class)
        .main(GatewayK2vApplication.class)
        .properties(Map.of("spring.config.name", "gateway-k2v"));
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
