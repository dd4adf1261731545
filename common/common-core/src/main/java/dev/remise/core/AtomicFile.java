package dev.remise.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file atomically and durably: the bytes go to {@code <file>.tmp}, are forced to
 * disk, renamed over the file, and the directory is forced too, so a crash leaves the old content
 * or the new one, never a torn file, and a change acknowledged to someone survives a power cut. For
 * the files a node must not lose: its layout history, its peers' addresses.
 */
public final class AtomicFile {
  private AtomicFile() {}

  public static void write(Path file, byte[] content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.createDirectories(absolute.getParent());
    try (FileChannel out =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(content);
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
    Files.move(
        temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(absolute.getParent());
  }

  /** Makes the rename durable. Some platforms cannot open a directory; there, the move must do. */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported here (e.g. Windows): the rename is still atomic, just not yet durable.
    }
  }
}
