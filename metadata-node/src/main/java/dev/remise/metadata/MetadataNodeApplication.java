package dev.remise.metadata;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The metadata-node role: stores the CRDT tables (object, version, bucket, bucket_alias, key) in
 * RocksDB and serves them over the internal table RPC on port 3901.
 *
 * <p>Several roles can share one JVM, each in its own Spring context started through {@link
 * #builder()}; so the configuration file is {@code metadata-node.yml} (not {@code application.yml},
 * which every role would read) and nothing here is static or JVM-global. Component scanning covers
 * {@code dev.remise.metadata} only, the package of this class.
 */
@SpringBootApplication
@EnableConfigurationProperties(MetadataNodeProperties.class)
public class MetadataNodeApplication {

  /** A builder for this role's context, reading {@code metadata-node.yml}. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(MetadataNodeApplication.class)
        .main(MetadataNodeApplication.class)
        .properties("spring.config.name=metadata-node");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
