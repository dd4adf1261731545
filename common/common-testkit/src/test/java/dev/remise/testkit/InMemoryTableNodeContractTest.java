package dev.remise.testkit;

import dev.remise.rpc.TableRpc;
import java.util.List;

class InMemoryTableNodeContractTest extends TableNodeContract {
  @Override
  protected TableRpc node() {
    return new InMemoryTableNode(List.of(Register.TABLE));
  }
}
