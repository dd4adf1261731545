package dev.remise.metadata.table;

import dev.remise.rpc.TableRpc;
import dev.remise.testkit.Register;
import dev.remise.testkit.TableNodeContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB node passes the same table contract as the in-memory one gateways test against. */
class RocksTableNodeContractTest extends TableNodeContract {
  @TempDir Path dir;
  private final List<StoreFixture> opened = new ArrayList<>();

  @Override
  protected TableRpc node() {
    try {
      StoreFixture f =
          new StoreFixture(Files.createTempDirectory(dir, "node"), List.of(Register.TABLE));
      opened.add(f);
      return LocalTablesRpc.of(f.tables);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void close() {
    opened.forEach(StoreFixture::close);
  }
}
