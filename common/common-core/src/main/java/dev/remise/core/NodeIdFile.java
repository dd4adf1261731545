package dev.remise.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * This node's identity, {@code <data dir>/node_id}: 64 hex digits, generated on the first start and
 * kept, because the cluster layout assigns partitions to node ids. Shared by the single-node
 * launcher and every role started on its own. Losing the file makes the node a stranger to its own
 * layout.
 */
public final class NodeIdFile {
  public static final String FILE_NAME = "node_id";
  private static final SecureRandom RANDOM = new SecureRandom();

  private NodeIdFile() {}

  /**
   * The configured id when there is one (the launcher passes one id to every role of a process),
   * else the one kept in {@code dataDir}.
   */
  public static NodeId configuredOrFile(String configured, Path dataDir) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return NodeId.fromHex(configured.strip());
    }
    return loadOrCreate(dataDir);
  }

  public static NodeId loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
      try {
        return NodeId.fromHex(hex);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            file
                + " does not hold a node id (64 hex digits); restore it, or delete it to make this"
                + " a new node",
            e);
      }
    }
    byte[] bytes = new byte[NodeId.LENGTH];
    RANDOM.nextBytes(bytes);
    NodeId id = new NodeId(bytes);
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
    Files.writeString(tmp, id.hex() + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return id;
  }
}
