package dev.remise.admin.access;

import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import java.util.List;

/**
 * An access key with the live buckets it holds a permission on, in bucket id order (GetKeyInfo). As
 * Garage since 2025 (#1123), a bucket whose permission is all-false is left out.
 */
public record KeyInfo(AccessKey key, List<Bucket> buckets) {}
