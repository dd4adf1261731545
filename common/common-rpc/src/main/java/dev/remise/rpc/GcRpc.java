package dev.remise.rpc;

import dev.remise.core.Hash;
import dev.remise.table.EntryBatch;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Table GC between metadata nodes (Garage's {@code GcRpc}, garage-internals §3.8), on the internal
 * port. The collecting node first sends the tombstones themselves with {@link TableRpc#insert}, so
 * every replica holds them, then asks every replica to delete them with this call; an entry whose
 * stored bytes no longer hash to the given value (a newer write merged in) is kept.
 */
public interface GcRpc {

  /**
   * Deletes each listed entry whose stored bytes still hash to the given value. The body is an
   * {@code EntryBatch} of items {@code blake2 hash (32 bytes) ‖ storage key}.
   */
  @RequestLine("POST /v1/tables/{table}/gc/delete-if-equal-hash")
  @Headers("Content-Type: application/octet-stream")
  void deleteIfEqualHash(URI node, @Param("table") String table, byte[] items);

  /** One entry to delete if its stored bytes still hash to {@code hash}. */
  record Item(byte[] storageKey, Hash hash) {
    /** The body of {@link #deleteIfEqualHash}. */
    public static byte[] encode(List<Item> items) {
      List<byte[]> encoded = new ArrayList<>(items.size());
      for (Item i : items) {
        byte[] b = new byte[Hash.LENGTH + i.storageKey().length];
        System.arraycopy(i.hash().bytes(), 0, b, 0, Hash.LENGTH);
        System.arraycopy(i.storageKey(), 0, b, Hash.LENGTH, i.storageKey().length);
        encoded.add(b);
      }
      return EntryBatch.encode(encoded);
    }

    /**
     * @throws IllegalArgumentException when an item is not a hash and a storage key (which starts
     *     with a 32-byte partition hash)
     */
    public static List<Item> decode(byte[] body) {
      List<Item> items = new ArrayList<>();
      for (byte[] b : EntryBatch.decode(body)) {
        if (b.length < 2 * Hash.LENGTH) {
          throw new IllegalArgumentException(
              "an item is a 32-byte hash and a storage key of at least 32 bytes");
        }
        items.add(
            new Item(
                Arrays.copyOfRange(b, Hash.LENGTH, b.length),
                new Hash(Arrays.copyOf(b, Hash.LENGTH))));
      }
      return items;
    }
  }
}
