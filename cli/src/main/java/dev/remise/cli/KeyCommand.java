package dev.remise.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code remise key create|list|info}: access keys, through the admin API. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "Manage S3 access keys.",
    subcommands = {KeyCommand.Create.class, KeyCommand.ListKeys.class, KeyCommand.Info.class})
final class KeyCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an access key.")
  static final class Create implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Parameters(index = "0", defaultValue = "", description = "Name of the key.")
    String name;

    @Option(names = "--allow-create-bucket", description = "Let the key create buckets.")
    boolean allowCreateBucket;

    @Override
    public Integer call() throws Exception {
      JsonNode key =
          AdminClient.from(admin)
              .post(
                  "CreateKey",
                  Map.of("name", name, "allow", Map.of("createBucket", allowCreateBucket)));
      System.out.println("Key ID:     " + key.path("accessKeyId").asString());
      System.out.println("Secret key: " + key.path("secretAccessKey").asString());
      System.out.println("Name:       " + key.path("name").asString());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List access keys.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Override
    public Integer call() throws Exception {
      JsonNode keys = AdminClient.from(admin).get("ListKeys");
      System.out.printf("%-28s %s%n", "ID", "NAME");
      for (JsonNode k : keys) {
        System.out.printf("%-28s %s%n", k.path("id").asString(), k.path("name").asString());
      }
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Show an access key.")
  static final class Info implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Parameters(index = "0", description = "Key ID or a unique prefix / name.")
    String key;

    @Option(names = "--show-secret", description = "Include the secret key.")
    boolean showSecret;

    @Override
    public Integer call() throws Exception {
      System.out.println(
          AdminClient.pretty(
              AdminClient.from(admin)
                  .get(
                      "GetKeyInfo", "search", key, "showSecretKey", Boolean.toString(showSecret))));
      return 0;
    }
  }
}
