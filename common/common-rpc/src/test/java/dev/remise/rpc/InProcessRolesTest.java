package dev.remise.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessRolesTest {
  private static final URI SELF = URI.create("http://127.0.0.1:3901");
  private static final URI PEER = URI.create("http://127.0.0.2:3901");

  /** A stand-in for a Feign interface: the node address comes first. */
  interface Echo {
    String echo(URI node, String word);
  }

  private final List<String> remoteCalls = new ArrayList<>();
  private final Echo remote =
      (node, word) -> {
        remoteCalls.add(node + " " + word);
        return "remote " + word;
      };

  @Test
  void callsToARegisteredRoleAreMadeDirectlyAndOthersGoOverTheNetwork() {
    InProcessRoles roles = new InProcessRoles();
    Echo client = roles.preferLocal(Echo.class, remote);
    roles.serve(Echo.class, SELF, (node, word) -> "local " + word);

    assertThat(client.echo(URI.create("http://127.0.0.1:3901/"), "a")).isEqualTo("local a");
    assertThat(client.echo(PEER, "b")).isEqualTo("remote b");
    assertThat(remoteCalls).containsExactly(PEER + " b");
  }

  @Test
  void aWithdrawnRoleIsCalledOverTheNetworkAgain() {
    InProcessRoles roles = new InProcessRoles();
    Echo client = roles.preferLocal(Echo.class, remote);
    roles.serve(Echo.class, SELF, (node, word) -> "local " + word);

    roles.withdraw(Echo.class, SELF);

    assertThat(client.echo(SELF, "a")).isEqualTo("remote a");
  }

  @Test
  void aLocalFailureReachesTheCallerAsThrown() {
    InProcessRoles roles = new InProcessRoles();
    Echo client = roles.preferLocal(Echo.class, remote);
    roles.serve(
        Echo.class,
        SELF,
        (node, word) -> {
          throw new StaleVersionException(42);
        });

    assertThatThrownBy(() -> client.echo(SELF, "a"))
        .isInstanceOfSatisfying(
            StaleVersionException.class, e -> assertThat(e.newestHeld()).isEqualTo(42));
  }

  @Test
  void anInterfaceIsMatchedOnlyWithItself() {
    InProcessRoles roles = new InProcessRoles();
    roles.serve(Runnable.class, SELF, () -> {});
    Echo client = roles.preferLocal(Echo.class, remote);

    assertThat(client.echo(SELF, "a")).isEqualTo("remote a");
    assertThat(client.toString()).contains("Echo");
  }
}
