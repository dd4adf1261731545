package dev.remise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code remise} command: runs nodes and administers a cluster through the admin API. */
@Command(
    name = "remise",
    mixinStandardHelpOptions = true,
    versionProvider = Remise.Version.class,
    description = "Remise: a geo-distributed, S3-compatible object store.",
    subcommands = {
      ServerCommand.class,
      DevClusterCommand.class,
      StatusCommand.class,
      KeyCommand.class,
      BucketCommand.class,
      LayoutCommand.class,
      NodeOperationsCommands.Block.class,
      NodeOperationsCommands.Repair.class,
      NodeOperationsCommands.Worker.class,
      CheckCommand.class,
      BenchCommand.class
    })
public final class Remise {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new Remise())
        .setCaseInsensitiveEnumValuesAllowed(true)
        // An operator needs the reason (admin API error, unreachable node), not a stack trace.
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr()
                  .println("remise: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
              return 1;
            })
        .execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Remise.class.getPackage().getImplementationVersion();
      return new String[] {"remise " + (v == null ? "development build" : v)};
    }
  }
}
