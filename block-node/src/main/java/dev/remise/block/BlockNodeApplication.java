package dev.remise.block;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The block-node role: stores content-addressed blocks on disk and the block_ref table beside them
 * (Garage's block manager). Several roles may run in one JVM, each in its own Spring context, so
 * this role reads its own {@code block-node.yml} and keeps no static state; the component scan
 * covers {@code dev.remise.block} only.
 */
@SpringBootApplication
public class BlockNodeApplication {

  /** How the launcher (and {@link #main}) starts this role: with its own config file name. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(BlockNodeApplication.class)
        // Logs and startup info name this role, not the launcher's main class.
        .main(BlockNodeApplication.class)
        .properties("spring.config.name=block-node");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
