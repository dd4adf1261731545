package dev.remise.layout;

/**
 * A staged change to one node's role, as the operator wrote it: give the node a role (a new one or
 * a replacement), or take its role away. Garage stores the same thing as {@code
 * NodeRoleV(Option<NodeRole>)}, where {@code None} is the removal.
 */
public sealed interface RoleChange {

  static RoleChange assign(NodeRole role) {
    return new Assign(role);
  }

  static RoleChange remove() {
    return Remove.INSTANCE;
  }

  /** The node gets {@code role} in the next version, replacing any role it has. */
  record Assign(NodeRole role) implements RoleChange {}

  /** The node has no role in the next version; its partitions move to the remaining nodes. */
  record Remove() implements RoleChange {
    static final Remove INSTANCE = new Remove();
  }
}
