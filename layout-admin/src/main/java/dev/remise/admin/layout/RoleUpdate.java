package dev.remise.admin.layout;

import dev.remise.layout.RoleChange;

/**
 * One requested role change: the node as the operator named it (its full id or a unique prefix of a
 * known node's id) and the change.
 */
public record RoleUpdate(String node, RoleChange change) {}
