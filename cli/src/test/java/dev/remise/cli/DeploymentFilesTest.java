package dev.remise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The Helm chart and docker-compose.yml are validated by the real tools, offline. */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHART = ROOT.resolve("helm/remise");
  private static final String SECRET = "ab".repeat(32);

  @Test
  void helmChartLintsCleanInStrictMode(@TempDir Path tmp) throws IOException {
    // helm lint takes no values file, and the chart requires a secret: lint a copy with one filled
    // in.
    Path chart = tmp.resolve("remise");
    try (var files = Files.walk(CHART)) {
      for (Path f : files.toList()) {
        Path target = chart.resolve(CHART.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    Path values = chart.resolve("values.yaml");
    Files.writeString(
        values,
        Files.readString(values)
            .replace("rpcSecret: \"\"", "rpcSecret: \"" + SECRET + "\"")
            .replace("adminToken: \"\"", "adminToken: \"token\""));
    LintResult lint = new Helm(chart).lint().strict().call();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(lint.isFailed()).isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void helmChartRendersEveryRoleWithTheSharedSecret(@TempDir Path tmp) throws IOException {
    String yaml =
        new Helm(CHART)
            .template()
            .withName("site")
            .withNamespace("remise")
            .withValuesFile(values(tmp))
            .call();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object d : new Yaml().loadAll(yaml)) {
      if (d != null) {
        docs.add((Map<String, Object>) d);
      }
    }
    assertThat(docs)
        .extracting(
            d -> d.get("kind") + "/" + ((Map<String, Object>) d.get("metadata")).get("name"))
        .contains(
            "Secret/site-remise",
            "StatefulSet/site-remise-metadata-node",
            "StatefulSet/site-remise-block-node",
            "Deployment/site-remise-gateway-s3",
            "Deployment/site-remise-gateway-k2v",
            "Service/site-remise-gateway-k2v",
            "StatefulSet/site-remise-layout-admin",
            "Service/site-remise-gateway-s3");
    assertThat(yaml)
        .contains("REMISE_S3_RPC_SECRET")
        .contains("REMISE_K2V_LAYOUT_ADMIN")
        .contains("http://site-remise-metadata-node:3901")
        .doesNotContain("BLOCK_NODES");
  }

  @Test
  void helmChartRefusesToRenderWithoutAClusterSecret() {
    assertThatThrownBy(() -> new Helm(CHART).template().withName("site").call())
        .hasMessageContaining("remise.rpcSecret is required");
  }

  @Test
  void dockerComposeFileIsValid() throws Exception {
    assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
    assertThat(compose(Map.of("REMISE_RPC_SECRET", SECRET, "REMISE_ADMIN_TOKEN", "token")))
        .as("docker-compose config -q")
        .isZero();
    assertThat(compose(Map.of())).as("a missing cluster secret is refused").isNotZero();
  }

  private static int compose(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "docker-compose",
                "-f",
                ROOT.resolve("docker-compose.yml").toString(),
                "config",
                "-q")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("REMISE_RPC_SECRET");
    pb.environment().remove("REMISE_ADMIN_TOKEN");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static Path values(Path tmp) throws IOException {
    Path v = tmp.resolve("values.yaml");
    Files.writeString(
        v,
        "remise:\n  rpcSecret: \"" + SECRET + "\"\n  adminToken: \"token\"\n",
        StandardCharsets.UTF_8);
    return v;
  }
}
