package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code remise key ...} and {@code remise bucket ...} against a running node, as an operator uses
 * them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliCommandsIT {
  @TempDir static Path dataDir;
  RunningNode node;

  @BeforeAll
  void start() throws IOException {
    node = new RunningNode(dataDir, Map.of());
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void anOperatorCreatesAKeyAndABucketAndGrantsAccess() {
    CliRun.Result created = remise("key", "create", "laptop");
    assertThat(created.exit()).isZero();
    Matcher id = Pattern.compile("Key ID:\\s+(GK[0-9a-f]{24})").matcher(created.out());
    Matcher secret = Pattern.compile("Secret key:\\s+([0-9a-f]{64})").matcher(created.out());
    assertThat(id.find()).isTrue();
    assertThat(secret.find()).isTrue();

    assertThat(remise("key", "list").out()).contains(id.group(1)).contains("laptop");
    assertThat(remise("bucket", "create", "photos").exit()).isZero();
    assertThat(remise("bucket", "list").out()).contains("photos");

    try (S3Client laptop = node.s3(id.group(1), secret.group(1))) {
      assertThat(laptop.listBuckets().buckets()).isEmpty();
      assertThat(
              remise("bucket", "allow", "photos", "--key", id.group(1), "--read", "--write").exit())
          .isZero();
      laptop.putObject(b -> b.bucket("photos").key("cat.jpg"), RequestBody.fromString("meow"));
      assertThat(laptop.listBuckets().buckets())
          .extracting(b -> b.name())
          .containsExactly("photos");
      assertThat(laptop.getObjectAsBytes(b -> b.bucket("photos").key("cat.jpg")).asUtf8String())
          .isEqualTo("meow");
      // Read and write, but not owner: the bucket cannot be deleted with this key.
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> laptop.deleteBucket(b -> b.bucket("photos")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  void aWrongAdminTokenIsReportedNotCrashedOn() {
    CliRun.Result r =
        run(
            "key",
            "list",
            "--admin-url",
            node.adminEndpoint().toString(),
            "--admin-token",
            "not-the-token");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("403");
  }

  @Test
  void anOperatorInspectsBlocksAndWorkersAndLaunchesRepairs() {
    CliRun.Result workers = remise("worker", "list");
    assertThat(workers.exit()).as(workers.err()).isZero();
    assertThat(workers.out())
        .contains("block resync worker #1")
        .contains("block_ref sync")
        .contains("block scrub")
        .contains("block GC");

    assertThat(remise("worker", "set", "resync-tranquility", "3").exit()).isZero();
    assertThat(remise("worker", "get", "resync-tranquility").out())
        .contains("\"resync-tranquility\" : \"3\"");
    CliRun.Result readOnly = remise("worker", "set", "scrub-next-run", "0");
    assertThat(readOnly.exit()).isNotZero();
    assertThat(readOnly.err()).contains("read-only");

    CliRun.Result errors = remise("block", "list-errors");
    assertThat(errors.exit()).as(errors.err()).isZero();
    assertThat(errors.out()).contains("== node ");

    for (String repair :
        List.of("blocks", "block-rc", "block-refs", "scrub-start", "scrub-cancel")) {
      CliRun.Result r = remise("repair", repair);
      assertThat(r.exit()).as(repair + ": " + r.err()).isZero();
    }
    CliRun.Result purge = remise("block", "purge", "--yes", "ab".repeat(32));
    assertThat(purge.exit()).as(purge.err()).isZero();
    assertThat(purge.out()).contains("\"blocksPurged\" : 1").contains("\"versionsDeleted\" : 0");

    CliRun.Result notHere = remise("repair", "clear-resync-queue", "--node", "ffff");
    assertThat(notHere.exit()).isNotZero();
    assertThat(notHere.err()).contains("no node with a block role");
  }

  private CliRun.Result remise(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--admin-url",
            node.adminEndpoint().toString(),
            "--admin-token",
            node.identity.adminToken()));
    return CliRun.run(all.toArray(String[]::new));
  }

  private static CliRun.Result run(String... args) {
    return CliRun.run(args);
  }
}
