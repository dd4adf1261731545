package dev.remise.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Roles running in this JVM, each in its own Spring context, started in the order given and stopped
 * in the reverse one: gateways first, storage last, so no request is cut midway. A role that fails
 * to start stops the ones already running.
 */
final class RunningRoles implements AutoCloseable {
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  private RunningRoles() {}

  static RunningRoles start(List<NodeRoles.RoleLaunch> launches) {
    RunningRoles running = new RunningRoles();
    try {
      for (NodeRoles.RoleLaunch launch : launches) {
        running.run(launch);
      }
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
    return running;
  }

  private void run(NodeRoles.RoleLaunch launch) {
    // Command-line style arguments win over each role's own yml defaults, like environment
    // variables would.
    String[] args =
        launch.properties().entrySet().stream()
            .map((Map.Entry<String, String> e) -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    contexts.add(launch.builder().get().registerShutdownHook(false).run(args));
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
