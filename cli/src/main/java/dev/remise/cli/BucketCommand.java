package dev.remise.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code remise bucket create|list|allow}: buckets and permissions, through the admin API. */
@Command(
    name = "bucket",
    mixinStandardHelpOptions = true,
    description = "Manage buckets and their permissions.",
    subcommands = {
      BucketCommand.Create.class,
      BucketCommand.ListBuckets.class,
      BucketCommand.Allow.class
    })
final class BucketCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a bucket.")
  static final class Create implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Parameters(index = "0", description = "Global name (alias) of the bucket.")
    String name;

    @Override
    public Integer call() throws Exception {
      JsonNode b = AdminClient.from(admin).post("CreateBucket", Map.of("globalAlias", name));
      System.out.println("Bucket " + name + " created: " + b.path("id").asString());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List buckets.")
  static final class ListBuckets implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Override
    public Integer call() throws Exception {
      JsonNode buckets = AdminClient.from(admin).get("ListBuckets");
      System.out.printf("%-64s  %s%n", "ID", "GLOBAL ALIASES");
      for (JsonNode b : buckets) {
        StringBuilder aliases = new StringBuilder();
        b.path("globalAliases").forEach(a -> aliases.append(a.asString()).append(' '));
        System.out.printf("%-64s  %s%n", b.path("id").asString(), aliases.toString().strip());
      }
      return 0;
    }
  }

  @Command(
      name = "allow",
      mixinStandardHelpOptions = true,
      description = "Give an access key permissions on a bucket.")
  static final class Allow implements Callable<Integer> {
    @Mixin AdminClient.AdminOptions admin;

    @Parameters(index = "0", description = "Bucket name (global alias).")
    String bucket;

    @Option(names = "--key", required = true, description = "Access key ID.")
    String key;

    @Option(names = "--read", description = "Allow reading.")
    boolean read;

    @Option(names = "--write", description = "Allow writing.")
    boolean write;

    @Option(names = "--owner", description = "Allow owner operations (delete the bucket, ...).")
    boolean owner;

    @Override
    public Integer call() throws Exception {
      AdminClient client = AdminClient.from(admin);
      String bucketId = client.get("GetBucketInfo", "globalAlias", bucket).path("id").asString();
      client.post(
          "AllowBucketKey",
          Map.of(
              "bucketId",
              bucketId,
              "accessKeyId",
              key,
              "permissions",
              Map.of("read", read, "write", write, "owner", owner)));
      System.out.printf(
          "Key %s may now%s%s%s on bucket %s%n",
          key, read ? " read" : "", write ? " write" : "", owner ? " own" : "", bucket);
      return 0;
    }
  }
}
