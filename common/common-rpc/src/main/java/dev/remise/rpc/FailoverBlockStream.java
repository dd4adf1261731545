package dev.remise.rpc;

import dev.remise.core.Hash;
import dev.remise.datablock.DataBlock.BlockFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain bytes of one block, streamed from the first replica that serves it and continued from
 * the next one when a replica fails mid-way (Garage's {@code rpc_get_block_streaming}): a
 * connection error, a read timeout, a zstd frame that does not verify, or a body shorter or longer
 * than the block all close that replica's body, open the next one, skip the bytes already delivered
 * and go on, so the reader sees one uninterrupted stream. Bytes are handed on as they arrive: the
 * caller can forward the first ones before the block has fully arrived.
 *
 * <p>Replicas are opened lazily, in the order given (the read order of the block's nodes). When
 * every one failed, the read fails with all their reasons; when every one said it does not hold the
 * block, with {@link BlockClient.BlockNotFoundException}.
 */
public final class FailoverBlockStream extends InputStream {
  private static final System.Logger LOG = System.getLogger(FailoverBlockStream.class.getName());

  /** One replica of the block: opens its stored body. */
  public interface Replica {
    /**
     * The stored bytes as they arrive, and their form.
     *
     * @throws NotHeld if this replica does not hold the block
     */
    Opened open() throws IOException;

    /** For messages: the node or address. */
    String describe();
  }

  /** A replica's answer: the stored body and its form. */
  public record Opened(InputStream stored, BlockFormat format) {}

  /** The replica does not hold the block (a 404): try the next one, no failure to report. */
  public static final class NotHeld extends IOException {
    public NotHeld(String message) {
      super(message);
    }
  }

  private final Hash hash;
  private final long plainLength;
  private final List<Replica> replicas;
  private final List<String> failures = new ArrayList<>();
  private int next;
  private int notHeld;
  private InputStream current;
  private long delivered;
  private boolean closed;

  public FailoverBlockStream(Hash hash, long plainLength, List<Replica> replicas) {
    if (plainLength < 0) {
      throw new IllegalArgumentException("negative block length " + plainLength);
    }
    this.hash = hash;
    this.plainLength = plainLength;
    this.replicas = List.copyOf(replicas);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (delivered == plainLength) {
        if (current != null) {
          // Read past the end once, so a replica sending too much, or a bad frame checksum that is
          // only checked at the end, is noticed; that copy has been delivered whole already.
          finishCurrent();
        }
        return -1;
      }
      if (current == null) {
        openNext();
      }
      int want = (int) Math.min(len, plainLength - delivered);
      int n;
      try {
        n = current.read(buf, off, want);
      } catch (IOException | RuntimeException e) {
        fail(e.toString());
        continue;
      }
      if (n < 0) {
        fail("body ended after " + delivered + " of " + plainLength + " bytes");
        continue;
      }
      delivered += n;
      return n;
    }
  }

  /** Checks the end of a fully delivered copy; failures are only logged, the bytes are out. */
  private void finishCurrent() {
    try {
      if (current.read() >= 0) {
        LOG.log(
            System.Logger.Level.WARNING,
            "a replica of block {0} sent more than {1} bytes",
            hash,
            plainLength);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "block {0} failed its check after delivery: {1}",
          hash,
          e.toString());
    }
    closeCurrent();
  }

  private void openNext() throws IOException {
    while (next < replicas.size()) {
      Replica r = replicas.get(next++);
      try {
        Opened opened = r.open();
        InputStream plain = opened.format().plainStream(opened.stored());
        try {
          plain.skipNBytes(delivered);
        } catch (IOException | RuntimeException e) {
          plain.close();
          throw e;
        }
        current = plain;
        if (delivered > 0) {
          LOG.log(
              System.Logger.Level.INFO,
              "block {0}: continuing from {1} at byte {2}",
              hash,
              r.describe(),
              delivered);
        }
        return;
      } catch (NotHeld e) {
        notHeld++;
      } catch (IOException | RuntimeException e) {
        failures.add(r.describe() + ": " + e);
      }
    }
    if (notHeld == replicas.size()) {
      throw new BlockClient.BlockNotFoundException(hash);
    }
    throw new IOException(
        "no replica could serve block "
            + hash
            + " ("
            + delivered
            + " of "
            + plainLength
            + " bytes delivered): "
            + String.join("; ", failures));
  }

  private void fail(String reason) {
    String who = next > 0 ? replicas.get(next - 1).describe() : "?";
    failures.add(who + ": " + reason);
    LOG.log(System.Logger.Level.WARNING, "block {0} from {1} failed: {2}", hash, who, reason);
    closeCurrent();
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // Already failing over, or done: nothing to add.
      }
      current = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    closeCurrent();
  }
}
