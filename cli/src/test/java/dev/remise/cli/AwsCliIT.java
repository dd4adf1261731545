package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aws CLI, unchanged and with its defaults (multipart above 8 MiB, parallel ranged downloads,
 * CRC32 checksums on newer versions), against a running single node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliIT {
  @TempDir static Path dir;
  RunningNode node;

  @BeforeAll
  void start() throws IOException {
    assumeTrue(
        DeploymentFilesTest.onPath("aws"), "the aws CLI is not installed (.ci/run installs it)");
    node = new RunningNode(dir.resolve("data"), Map.of());
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void copiesA100MiBFileUpAndDownByteForByteAndListsHeadsAndRemovesIt() throws Exception {
    Path file = dir.resolve("big.bin");
    byte[] data = SingleNodeS3IT.random(100 * 1024 * 1024, 42);
    Files.write(file, data);
    Path back = dir.resolve("back.bin");

    assertThat(aws("s3", "cp", file.toString(), "s3://default-bucket/dir/big.bin").exit).isZero();
    assertThat(aws("s3", "cp", "s3://default-bucket/dir/big.bin", back.toString()).exit).isZero();
    assertThat(sha256(Files.readAllBytes(back))).isEqualTo(sha256(data));

    Result ls = aws("s3", "ls", "s3://default-bucket/dir/");
    assertThat(ls.exit).isZero();
    assertThat(ls.out).contains("104857600 big.bin");

    Result head = aws("s3api", "head-object", "--bucket", "default-bucket", "--key", "dir/big.bin");
    assertThat(head.exit).isZero();
    assertThat(head.out).contains("\"ContentLength\": 104857600");

    assertThat(aws("s3", "rm", "s3://default-bucket/dir/big.bin").exit).isZero();
    assertThat(aws("s3", "ls", "s3://default-bucket/dir/").out).doesNotContain("big.bin");
    Result missing =
        aws("s3api", "head-object", "--bucket", "default-bucket", "--key", "dir/big.bin");
    assertThat(missing.exit).isNotZero();
    assertThat(missing.out).contains("404");
  }

  @Test
  void listsBucketsAndCopiesSmallFiles() throws Exception {
    Path small = dir.resolve("small.txt");
    Files.writeString(small, "hello from the aws cli");
    assertThat(aws("s3", "cp", small.toString(), "s3://default-bucket/small.txt").exit).isZero();
    Result ls = aws("s3", "ls");
    assertThat(ls.exit).isZero();
    assertThat(ls.out).contains("default-bucket");
    Result cat = aws("s3", "cp", "s3://default-bucket/small.txt", "-");
    assertThat(cat.out).isEqualTo("hello from the aws cli");
  }

  private record Result(int exit, String out) {}

  private Result aws(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("aws", "--endpoint-url", node.s3Endpoint().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("AWS_ACCESS_KEY_ID", node.identity.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", node.identity.secretKey());
    env.put("AWS_DEFAULT_REGION", RunningNode.REGION);
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    env.remove("AWS_PROFILE");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}
