package dev.remise.admin.access;

import dev.remise.admin.metadata.InMemoryMetadataClient;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;

/**
 * The service layer over an in-memory metadata node, with a clock that never moves (so every
 * ordering must come from {@code Timestamps.next}, not from time passing) and seeded randomness.
 */
final class Fixture {
  static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z"));

  final InMemoryMetadataClient metadata = new InMemoryMetadataClient();
  final AdminTables tables = new AdminTables(metadata);
  final KeyAdmin keys = new KeyAdmin(tables, CLOCK, new Random(7));
  final BucketAdmin buckets = new BucketAdmin(tables, keys, CLOCK, new Random(11));
  final Bootstrap bootstrap = new Bootstrap(tables, buckets, CLOCK);
}
