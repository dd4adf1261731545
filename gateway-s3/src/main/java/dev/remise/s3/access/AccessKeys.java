package dev.remise.s3.access;

import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.FullCopyKeys;
import dev.remise.model.admin.KeyTable;
import dev.remise.rpc.TableClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Looks up access keys in the key table (a full-copy table). Deleted keys do not exist for S3. */
public final class AccessKeys {
  private final TableClient tables;

  public AccessKeys(TableClient tables) {
    this.tables = tables;
  }

  public Optional<AccessKey> find(String accessKeyId) {
    if (accessKeyId == null || accessKeyId.isEmpty() || accessKeyId.length() > 128) {
      return Optional.empty();
    }
    return tables
        .get(
            KeyTable.INSTANCE, FullCopyKeys.PARTITION, accessKeyId.getBytes(StandardCharsets.UTF_8))
        .filter(k -> !k.deleted());
  }
}
