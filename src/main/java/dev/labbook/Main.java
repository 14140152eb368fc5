package dev.labbook;

import dev.labbook.cli.AotTrainCommand;
import dev.labbook.cli.DbUpgradeCommand;
import dev.labbook.cli.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The labbook command line: {@code labbook server} and {@code labbook db upgrade}. */
@Command(name = "labbook", mixinStandardHelpOptions = true, version = "Labbook 0.1.0",
        description = "An experiment tracking server that speaks MLflow's protocol.",
        subcommands = {ServerCommand.class, Main.Db.class, AotTrainCommand.class})
public final class Main implements Runnable {

    @Command(name = "db", description = "Database maintenance.", subcommands = {DbUpgradeCommand.class})
    static final class Db implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        // A bad flag value is the user's to fix: say what is wrong, without a stack trace.
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            if (error instanceof IllegalArgumentException) {
                command.getErr().println("labbook: " + error.getMessage());
                return 2;
            }
            throw error;
        });
        System.exit(cli.execute(args));
    }
}
