package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code remise check read-after-write} refuses what it cannot run with exit code 2. */
class CheckCommandTest {
  @TempDir Path tmp;

  @Test
  void withoutAnEndpointItIsAUsageError() {
    CliRun.Result run =
        CliRun.run(
            "check",
            "read-after-write",
            "--access-key-id",
            "GK00",
            "--secret-access-key",
            "s",
            "--bucket",
            "b");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("give --endpoint");
  }

  @Test
  void withoutCredentialsAndBucketItIsAUsageError() {
    CliRun.Result run = CliRun.run("check", "read-after-write", "--endpoint", "http://127.0.0.1:1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--access-key-id");
  }

  @Test
  void aDirectoryWithoutClusterJsonIsAUsageError() {
    CliRun.Result run = CliRun.run("check", "read-after-write", "--dev-cluster", tmp.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no cluster.json");
  }

  @Test
  void nonPositiveBoundsAreUsageErrors() {
    String[] base = {
      "check",
      "read-after-write",
      "--endpoint",
      "http://127.0.0.1:1",
      "--access-key-id",
      "GK00",
      "--secret-access-key",
      "s",
      "--bucket",
      "b"
    };
    assertThat(run(base, "--operations", "0").exit()).isEqualTo(2);
    assertThat(run(base, "--clients", "0").exit()).isEqualTo(2);
    assertThat(run(base, "--max-duration", "0s").exit()).isEqualTo(2);
    assertThat(run(base, "--timeout", "nonsense").exit()).isEqualTo(2);
    assertThat(run(base, "--max-violations", "-1").exit()).isEqualTo(2);
    CliRun.Result report = run(base, "--report", tmp.resolve("no/such/dir/r.json").toString());
    assertThat(report.exit()).isEqualTo(2);
    assertThat(report.err()).contains("--report");
  }

  @Test
  void withoutASubcommandItSaysWhichChecksExist() {
    CliRun.Result run = CliRun.run("check");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("read-after-write");
  }

  private static CliRun.Result run(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliRun.run(all);
  }
}
