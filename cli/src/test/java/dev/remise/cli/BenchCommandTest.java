package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code remise bench s3}'s usage errors: refused before any request, with exit code 2. */
class BenchCommandTest {
  private static final String[] CREDENTIALS = {
    "bench", "s3", "--endpoint", "http://127.0.0.1:1", "--access-key", "GK1", "--secret-key", "s"
  };

  private static CliRun.Result run(String... args) {
    String[] all = new String[CREDENTIALS.length + args.length];
    System.arraycopy(CREDENTIALS, 0, all, 0, CREDENTIALS.length);
    System.arraycopy(args, 0, all, CREDENTIALS.length, args.length);
    return CliRun.run(all);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("--size", "4K").err()).contains("--size", "unknown unit");
    assertThat(run("--op", "copy").err()).contains("--op is put, get, head, list, delete or mixed");
    assertThat(run("--op", "mixed", "--mix", "get=0").err()).contains("--mix");
    assertThat(run("--duration", "25h").err()).contains("--duration is at most 24h");
    assertThat(run("--duration", "0s").err()).contains("must be positive");
    assertThat(run("--concurrency", "0").err()).contains("--concurrency");
    assertThat(run("--count", "0").err()).contains("--count must be at least 1");
    assertThat(run("--json", "/no/such/dir/r.json").err()).contains("--json: no directory");
    assertThat(run("--size", "4K").exit()).isEqualTo(2);
  }

  @Test
  void theEndpointIsRequiredAndHelpDescribesTheRun() {
    CliRun.Result missing = CliRun.run("bench", "s3");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("--endpoint");
    CliRun.Result help = CliRun.run("bench", "s3", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("warp", "--op", "--mix", "--warmup", "--compressible");
  }

  @Test
  void aWarmupOfZeroMeansNone() {
    assertThat(new BenchCommand.WarmupConverter().convert("0")).isZero();
    assertThat(new BenchCommand.WarmupConverter().convert("0s")).isZero();
    assertThat(new BenchCommand.WarmupConverter().convert("5s")).hasSeconds(5);
    assertThat(BenchCommand.S3.human(java.time.Duration.ofMinutes(90))).isEqualTo("1h30m");
  }
}
