package dev.remise.admin;

import dev.remise.admin.access.Bootstrap;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Runs the {@link Bootstrap} on a background thread once layout-admin is ready: waiting for the
 * metadata nodes before the port opens would keep their heartbeats, and so their addresses, out. A
 * bootstrap that cannot succeed (a key with another secret) is logged and fails {@link
 * #completion()}.
 */
public final class BootstrapOnReady implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapOnReady.class);

  private final AdminProperties.Bootstrap settings;
  private final Bootstrap bootstrap;
  private final Duration warnAfter;
  private final Duration pause;
  private final CompletableFuture<Void> completion = new CompletableFuture<>();

  BootstrapOnReady(
      AdminProperties.Bootstrap settings, Bootstrap bootstrap, Duration warnAfter, Duration pause) {
    this.settings = settings;
    this.bootstrap = bootstrap;
    this.warnAfter = warnAfter;
    this.pause = pause;
    if (!settings.enabled()) {
      completion.complete(null);
    }
  }

  /** Done when the default key and bucket exist (at once when none is configured). */
  public CompletableFuture<Void> completion() {
    return completion;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (completion.isDone()) {
      return;
    }
    Thread.ofVirtual()
        .name("bootstrap")
        .start(
            () -> {
              try {
                bootstrap.awaitMetadata(warnAfter, pause);
                bootstrap.ensure(
                    settings.accessKeyId(),
                    settings.secretKey(),
                    settings.keyName(),
                    settings.bucket());
                completion.complete(null);
              } catch (RuntimeException e) {
                LOG.error("bootstrap of the default key and bucket failed: {}", e.getMessage(), e);
                completion.completeExceptionally(e);
              }
            });
  }
}
