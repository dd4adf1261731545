package dev.remise.admin.access;

import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.Bucket;
import java.util.List;

/**
 * A bucket with the live keys that hold a permission on it, in key id order, and its counters
 * (GetBucketInfo). A key's permission is read from the key's side, as Garage does; all-false
 * permissions are left out.
 */
public record BucketInfo(Bucket bucket, List<AccessKey> keys, BucketCounters counters) {}
