package dev.remise.rpc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internal interfaces served by the roles of one node running in one process ({@code remise
 * server}, the all-in-one node), so that a call from one of them to another does not cross the
 * network: a role registers the local implementation of what it serves under the address it
 * advertises ({@link #serve}), and a client built with {@link #preferLocal} hands each call
 * addressed there to that implementation instead of sending it over loopback HTTP. Calls to other
 * nodes, and calls made before the role registered or after it withdrew, go over the network as
 * usual.
 *
 * <p>One instance per node: the process that runs the node's roles creates it and gives it to each
 * role's context, as it does the node's one copy of the layout. A local implementation throws what
 * the remote call would have made of the answer: {@link RpcRejectedException} for a refused call
 * (4xx), {@link RpcUnavailableException} for a failed one, {@link StaleVersionException} for a
 * refused {@code insert-if-newer}.
 */
public final class InProcessRoles {
  private final Map<Key, Object> served = new ConcurrentHashMap<>();

  /** An interface at a node address; only scheme, host and port of the address count. */
  private record Key(Class<?> api, String authority) {
    static Key of(Class<?> api, URI address) {
      return new Key(api, address.getScheme() + "://" + address.getRawAuthority());
    }
  }

  /** Calls of {@code api} addressed to {@code address} are now served by {@code local}. */
  public <T> void serve(Class<T> api, URI address, T local) {
    served.put(Key.of(api, address), local);
  }

  /** Calls to {@code address} go over the network again (the role is stopping). */
  public void withdraw(Class<?> api, URI address) {
    served.remove(Key.of(api, address));
  }

  /**
   * {@code remote} (a Feign client whose methods take the node address as their first argument),
   * with every call addressed to a role registered here handed to that role directly.
   */
  public <T> T preferLocal(Class<T> api, T remote) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args, api);
          }
          Object local =
              args != null && args.length > 0 && args[0] instanceof URI address
                  ? served.get(Key.of(api, address))
                  : null;
          try {
            return method.invoke(local != null ? local : remote, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> api) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "in-process-preferring " + api.getSimpleName();
    };
  }
}
