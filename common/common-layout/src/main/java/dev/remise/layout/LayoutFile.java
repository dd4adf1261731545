package dev.remise.layout;

import dev.remise.core.AtomicFile;
import dev.remise.table.MalformedEntryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The layout history on disk, {@code <data dir>/cluster_layout} (Garage's file name), replaced
 * atomically: the new history is written to a temporary file and forced to disk, renamed over the
 * old one, and the directory is forced too, so that a crash leaves either the old history or the
 * new one, never a torn file, and an apply acknowledged to the operator survives a power cut.
 * layout-admin keeps the authoritative copy this way, and every node keeps the last history it saw,
 * so the data path still knows the layout while layout-admin is down.
 */
public final class LayoutFile {
  public static final String FILE_NAME = "cluster_layout";

  private final Path file;

  public LayoutFile(Path dataDir) {
    this.file = dataDir.resolve(FILE_NAME);
  }

  public Path path() {
    return file;
  }

  /**
   * The stored history, or none before the first change.
   *
   * @throws IllegalStateException when the file is not a layout history this version reads: the
   *     start stops rather than overwrite the cluster's layout with an empty one
   */
  public Optional<LayoutHistory> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LayoutCodec.decode(Files.readAllBytes(file)));
    } catch (MalformedEntryException e) {
      throw new IllegalStateException(
          "cannot read the layout history in " + file + ": " + e.getMessage(), e);
    }
  }

  public void save(LayoutHistory history) throws IOException {
    AtomicFile.write(file, LayoutCodec.encode(history));
  }
}
