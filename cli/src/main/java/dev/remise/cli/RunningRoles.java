package dev.remise.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Roles running in this JVM, each in its own Spring context, started stage by stage (the roles of
 * one stage side by side, since a context spends much of its start waiting on class loading and
 * I/O) and stopped in the reverse order: gateways first, storage last, so no request is cut midway.
 * A role that fails to start stops the ones already running.
 */
final class RunningRoles implements AutoCloseable {
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  private RunningRoles() {}

  /** One stage of one role each. */
  static RunningRoles start(List<NodeRoles.RoleLaunch> launches) {
    return startStages(launches.stream().map(List::of).toList());
  }

  /**
   * Starts each stage's roles at once and waits for them all before the next stage; the contexts
   * are kept in stage order, so closing stops later stages first.
   */
  static RunningRoles startStages(List<List<NodeRoles.RoleLaunch>> stages) {
    RunningRoles running = new RunningRoles();
    try {
      for (List<NodeRoles.RoleLaunch> stage : stages) {
        running.runAll(stage);
      }
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
    return running;
  }

  private void runAll(List<NodeRoles.RoleLaunch> stage) {
    if (stage.size() == 1) {
      contexts.add(run(stage.getFirst()));
      return;
    }
    // Every Spring Boot context resets the JVM's one logback on start, which is not safe from two
    // threads at once (and only repeats the same configuration): contexts started side by side
    // leave logging as the first context of this JVM set it.
    String loggingSystem = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    try {
      runConcurrently(stage);
    } finally {
      if (loggingSystem == null) {
        System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
      } else {
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, loggingSystem);
      }
    }
  }

  private void runConcurrently(List<NodeRoles.RoleLaunch> stage) {
    List<CompletableFuture<ConfigurableApplicationContext>> started = new ArrayList<>();
    for (NodeRoles.RoleLaunch launch : stage) {
      started.add(CompletableFuture.supplyAsync(() -> run(launch), RunningRoles::onOwnThread));
    }
    RuntimeException failure = null;
    for (CompletableFuture<ConfigurableApplicationContext> f : started) {
      try {
        contexts.add(f.join());
      } catch (CompletionException e) {
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A platform thread per role start: contexts block in class loading and JNI, not in I/O. */
  private static void onOwnThread(Runnable r) {
    Thread.ofPlatform().name("start-role").start(r);
  }

  private static ConfigurableApplicationContext run(NodeRoles.RoleLaunch launch) {
    // Command-line style arguments win over each role's own yml defaults, like environment
    // variables would.
    String[] args =
        launch.properties().entrySet().stream()
            .map((Map.Entry<String, String> e) -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return launch.builder().get().registerShutdownHook(false).run(args);
  }

  /** The one bean of {@code type} among the running roles' contexts. */
  <T> T bean(Class<T> type) {
    for (ConfigurableApplicationContext c : contexts) {
      T bean = c.getBeanProvider(type).getIfAvailable();
      if (bean != null) {
        return bean;
      }
    }
    throw new IllegalStateException("no running role has a " + type.getSimpleName());
  }

  @Override
  public void close() {
    List<ConfigurableApplicationContext> reversed = new ArrayList<>(contexts);
    Collections.reverse(reversed);
    for (ConfigurableApplicationContext c : reversed) {
      try {
        c.close();
      } catch (RuntimeException e) {
        System.err.println("error while stopping " + c.getId() + ": " + e);
      }
    }
    contexts.clear();
  }
}
