package dev.remise.admin.layout;

import dev.remise.layout.ZoneRedundancy;
import org.jspecify.annotations.Nullable;

/**
 * A requested change to one ring's staged parameters; a null field keeps the staged value.
 *
 * @param replicationFactor copies of each partition, at least 1
 * @param zoneRedundancy distinct zones among those copies
 */
public record RingParametersUpdate(
    @Nullable Integer replicationFactor, @Nullable ZoneRedundancy zoneRedundancy) {}
