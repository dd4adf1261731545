package dev.remise.admin.cluster;

import java.util.List;

/** The answer to {@code GetClusterStatus}: the current layout version and every node, by id. */
public record ClusterStatus(long layoutVersion, List<NodeStatus> nodes) {}
