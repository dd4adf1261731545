package dev.remise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remise.rpc.TableRpc;
import dev.remise.table.EntryBatch;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every metadata node must do behind {@link TableRpc}, whatever stores it: the in-memory node
 * of gateway tests and the RocksDB node both extend this suite, so the fake cannot drift from the
 * real thing. The node must serve {@link Register#TABLE}.
 */
public abstract class TableNodeContract {
  private static final URI NODE = URI.create("http://node");
  private static final String TABLE = "register";

  /** A fresh, empty node serving {@link Register#TABLE}. */
  protected abstract TableRpc node();

  private static byte[] batch(Register... entries) {
    return EntryBatch.encode(List.of(entries).stream().map(Register.TABLE::encode).toList());
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Register decode(byte[] b) {
    return b == null || b.length == 0 ? null : Register.TABLE.decode(b);
  }

  private static List<String> keys(byte[] batch) {
    return EntryBatch.decode(batch).stream()
        .map(Register.TABLE::decode)
        .map(Register::key)
        .toList();
  }

  private static String p(String partition) {
    return Register.hashOf(partition).hex();
  }

  @Test
  public void anAbsentEntryReadsAsEmpty() {
    assertThat(decode(node().get(NODE, TABLE, p("p"), b64("k")))).isNull();
  }

  @Test
  public void insertsMergeWithTheStoredEntryInAnyOrderAndRepeatedly() {
    TableRpc node = node();
    node.insert(NODE, TABLE, batch(Register.put("p", "k", 20, "new")));
    node.insert(NODE, TABLE, batch(Register.put("p", "k", 10, "old")));
    node.insert(NODE, TABLE, batch(Register.put("p", "k", 20, "new")));

    assertThat(decode(node.get(NODE, TABLE, p("p"), b64("k"))))
        .isEqualTo(Register.put("p", "k", 20, "new"));
  }

  @Test
  public void rangesStayInsideTheirPartitionInSortKeyOrderBothWays() {
    TableRpc node = node();
    node.insert(
        NODE,
        TABLE,
        batch(
            Register.put("p", "b", 1, "v"),
            Register.put("p", "a", 1, "v"),
            Register.put("p", "c", 1, "v"),
            Register.put("other", "a", 1, "v")));

    assertThat(keys(node.getRange(NODE, TABLE, p("p"), null, null, null, 10, false)))
        .containsExactly("a", "b", "c");
    assertThat(keys(node.getRange(NODE, TABLE, p("p"), null, null, null, 10, true)))
        .containsExactly("c", "b", "a");
  }

  @Test
  public void aRangeStartsAtItsStartInclusiveAndStopsAtItsLimit() {
    TableRpc node = node();
    node.insert(
        NODE,
        TABLE,
        batch(
            Register.put("p", "a", 1, "v"),
            Register.put("p", "b", 1, "v"),
            Register.put("p", "c", 1, "v"),
            Register.put("p", "d", 1, "v")));

    assertThat(keys(node.getRange(NODE, TABLE, p("p"), b64("b"), null, null, 2, false)))
        .containsExactly("b", "c");
    assertThat(keys(node.getRange(NODE, TABLE, p("p"), b64("c"), null, null, 2, true)))
        .containsExactly("c", "b");
    assertThat(keys(node.getRange(NODE, TABLE, p("p"), b64("bb"), null, null, 10, true)))
        .containsExactly("b", "a");
  }

  @Test
  public void aPrefixKeepsOnlyTheKeysThatStartWithIt() {
    TableRpc node = node();
    node.insert(
        NODE,
        TABLE,
        batch(
            Register.put("p", "photos/1", 1, "v"),
            Register.put("p", "photos/2", 1, "v"),
            Register.put("p", "photosx", 1, "v"),
            Register.put("p", "music/1", 1, "v")));

    assertThat(keys(node.getRange(NODE, TABLE, p("p"), null, b64("photos/"), null, 10, false)))
        .containsExactly("photos/1", "photos/2");
    assertThat(keys(node.getRange(NODE, TABLE, p("p"), null, b64("photos/"), null, 10, true)))
        .containsExactly("photos/2", "photos/1");
  }

  @Test
  public void theFilterRunsBeforeTheLimitSoTombstonesDoNotStarveAPage() {
    TableRpc node = node();
    node.insert(
        NODE,
        TABLE,
        batch(
            Register.delete("p", "a", 1),
            Register.delete("p", "b", 1),
            Register.put("p", "c", 1, "v"),
            Register.put("p", "d", 1, "v")));

    assertThat(keys(node.getRange(NODE, TABLE, p("p"), null, null, Register.LIVE, 2, false)))
        .containsExactly("c", "d");
  }

  @Test
  public void anUnknownFilterIsRejected() {
    TableRpc node = node();
    node.insert(NODE, TABLE, batch(Register.put("p", "a", 1, "v")));

    assertThatThrownBy(() -> node.getRange(NODE, TABLE, p("p"), null, null, "nope", 10, false))
        .isInstanceOf(RuntimeException.class);
  }
}
