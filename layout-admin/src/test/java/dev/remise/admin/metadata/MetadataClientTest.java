package dev.remise.admin.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remise.model.admin.AccessKey;
import dev.remise.model.admin.FullCopyKeys;
import dev.remise.model.admin.KeyTable;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MetadataClientTest {

  @Test
  void scanReadsEveryPageInSortKeyOrder() {
    InMemoryMetadataClient metadata = new InMemoryMetadataClient();
    List<String> ids = IntStream.range(0, 2500).mapToObj(i -> "GK%024x".formatted(i)).toList();
    // Inserted in reverse so the order comes from the table, not from the insertion.
    ids.reversed()
        .forEach(id -> metadata.insert(KeyTable.INSTANCE, AccessKey.create(id, "s", id, 1, false)));

    List<AccessKey> all = metadata.scan(KeyTable.INSTANCE, FullCopyKeys.PARTITION);

    assertThat(all).extracting(AccessKey::accessKeyId).containsExactlyElementsOf(ids);
  }
}
