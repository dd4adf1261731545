package dev.remise.s3;

import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The S3 API role: a stateless gateway that authenticates, routes and runs the S3 data paths. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayS3Application {

  /** Several roles may share one JVM, so each reads its own config file (gateway-s3.yml). */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(GatewayS3Application.class)
        .main(GatewayS3Application.class)
        .properties(Map.of("spring.config.name", "gateway-s3"));
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
