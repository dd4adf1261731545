package dev.remise.admin;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The layout-admin role: Garage's admin API v2 on port 3903 (keys, buckets and permissions for now;
 * the cluster layout comes with issue 3). Several roles may run in one JVM, each in its own Spring
 * context, so this role reads its own {@code layout-admin.yml}, keeps no static state, and its
 * component scan covers {@code dev.remise.admin} only.
 */
@SpringBootApplication
public class LayoutAdminApplication {

  /** How the launcher (and {@link #main}) starts this role: with its own config file name. */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(LayoutAdminApplication.class)
        .main(LayoutAdminApplication.class)
        .properties("spring.config.name=layout-admin");
  }

  public static void main(String[] args) {
    builder().run(args);
  }
}
