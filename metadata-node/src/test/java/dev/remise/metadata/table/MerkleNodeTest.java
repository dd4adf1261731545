package dev.remise.metadata.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.core.Hash;
import dev.remise.metadata.table.MerkleNode.Child;
import dev.remise.metadata.table.MerkleNode.Empty;
import dev.remise.metadata.table.MerkleNode.Intermediate;
import dev.remise.metadata.table.MerkleNode.Leaf;
import dev.remise.table.MalformedEntryException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Merkle node encoding, byte by byte: peers compare node hashes, so every build must encode a
 * node to the same bytes. A deliberate change needs a new version marker.
 *
 * <p>Layout: the marker {@code "remise-merkle-1"} in ASCII, a kind byte (00 empty, 01 intermediate,
 * 02 leaf), then for an intermediate node an {@code i32} child count and per child its index byte
 * and 32-byte hash, for a leaf the key as an {@code i32} length and its bytes, then the 32-byte
 * value hash. Hashes are BLAKE2b-512 cut to 32 bytes.
 */
class MerkleNodeTest {
  private static final String MARKER = "72656d6973652d6d65726b6c652d31"; // "remise-merkle-1"
  private static final HexFormat HEX = HexFormat.of();

  private static Hash filled(int b) {
    byte[] bytes = new byte[Hash.LENGTH];
    Arrays.fill(bytes, (byte) b);
    return new Hash(bytes);
  }

  private static void assertGolden(MerkleNode node, String hex, String hash) {
    assertThat(HEX.formatHex(node.encode())).isEqualTo(hex);
    assertThat(node.hash().hex()).isEqualTo(hash);
    assertThat(MerkleNode.decode(HEX.parseHex(hex))).isEqualTo(node);
  }

  @Test
  void emptyNodeEncodesToTheDocumentedBytesAndItsHashIsTheEmptyHash() {
    assertGolden(
        new Empty(),
        MARKER + "00",
        "c18785970391aec0cd44a3e522161e6dbe223d0c907d1263457fc9bd0c0bb34c");
    assertThat(MerkleNode.EMPTY_HASH).isEqualTo(new Empty().hash());
  }

  @Test
  void leafEncodesToTheDocumentedBytes() {
    assertGolden(
        new Leaf(new byte[] {1, 2, 3}, filled(0xaa)),
        MARKER + "02" + "00000003" + "010203" + "aa".repeat(32),
        "71b6487d82245407da5f8514f8bf9a3350b06675dbb8a9ba9d4a6b7cb75fcd92");
  }

  @Test
  void intermediateNodeEncodesToTheDocumentedBytes() {
    assertGolden(
        new Intermediate(List.of(new Child(0x07, filled(0x11)), new Child(0xf0, filled(0x22)))),
        MARKER + "01" + "00000002" + "07" + "11".repeat(32) + "f0" + "22".repeat(32),
        "a6943980fcd16afb6b45b188b7191a35239b5408165a6c97d686a9958176b732");
  }

  @Test
  void intermediateChildrenMustBeSortedAndDistinct() {
    assertThatThrownBy(
            () ->
                new Intermediate(
                    List.of(new Child(0xf0, filled(0x22)), new Child(0x07, filled(0x11)))))
        .isInstanceOf(IllegalArgumentException.class);
    String unsorted = MARKER + "01" + "00000002" + "f0" + "22".repeat(32) + "07" + "11".repeat(32);
    assertThatThrownBy(() -> MerkleNode.decode(HEX.parseHex(unsorted)))
        .isInstanceOf(MalformedEntryException.class);
  }

  @Test
  void bytesThatAreNoNodeAreRejected() {
    for (String bad :
        List.of(
            "",
            "00",
            "72656d6973652d6d65726b6c652d32" + "00", // another marker
            MARKER + "03", // unknown kind
            MARKER + "00" + "00", // trailing byte
            MARKER + "02" + "00000010" + "0102", // truncated key
            MARKER + "01" + "7fffffff")) { // absurd child count
      assertThatThrownBy(() -> MerkleNode.decode(HEX.parseHex(bad)))
          .as(bad)
          .isInstanceOf(MalformedEntryException.class);
    }
  }
}
