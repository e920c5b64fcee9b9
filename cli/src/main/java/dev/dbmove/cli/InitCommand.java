package dev.dbmove.cli;

import dev.dbmove.config.JobFileTemplate;
import dev.dbmove.core.DatabaseType;
import dev.dbmove.core.DbmoveException;
import dev.dbmove.core.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Writes a commented job file for a source/target pair to start from.",
        footerHeading = "%nExample:%n",
        footer = {"  dbmove init --source mariadb --target postgresql",
                "  dbmove init --source postgresql --target postgresql --output moves/orders.yaml"})
final class InitCommand implements Callable<Integer> {

    @Option(names = "--source", required = true, paramLabel = "TYPE", converter = DatabaseTypeConverter.class,
            description = "mysql | mariadb | postgresql")
    DatabaseType source;

    @Option(names = "--target", required = true, paramLabel = "TYPE", converter = DatabaseTypeConverter.class,
            description = "mysql | mariadb | postgresql")
    DatabaseType target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "dbmove.yaml",
            description = "where to write it (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--force", description = "replace an existing file")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String text = JobFileTemplate.render(source, target);
        Path parent = output.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot create the directory " + parent + " for "
                    + output + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "choose a directory you can write with --output FILE");
        }
        try {
            if (force) {
                Files.writeString(output, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
            } else {
                Files.writeString(output, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new DbmoveException(ErrorCode.BAD_USAGE, output + " already exists; dbmove init does not overwrite a job file",
                    "write elsewhere with --output FILE, or replace it with --force");
        } catch (AccessDeniedException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot write " + output + ": permission denied",
                    "choose a directory you can write with --output FILE");
        } catch (NoSuchFileException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot write " + output + ": no such directory",
                    "create the directory first, or choose another --output FILE");
        } catch (IOException e) {
            throw new DbmoveException(ErrorCode.PRECONDITION_FAILED, "cannot write " + output + ": " + e.getMessage(),
                    "choose another --output FILE");
        }
        var out = spec.commandLine().getOut();
        out.println("wrote " + output + " (" + source + " -> " + target + ")");
        out.println("next: fill in hosts, databases and users, export the password variables it names, then run");
        out.println("  dbmove check --config " + output);
        out.flush();
        return 0;
    }
}
