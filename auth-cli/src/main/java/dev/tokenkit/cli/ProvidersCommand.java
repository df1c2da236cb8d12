package dev.tokenkit.cli;

import dev.tokenkit.TokenException;
import dev.tokenkit.TokenProviders;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code tokenkit providers}: the providers found, and those that failed to load. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = {"Lists the token providers found: id, display name and where each was loaded from"
                + " (the class path, extended by TOKENKIT_CLASSPATH, or a jar in --provider-path).",
                "Providers that failed to load are reported on stderr; the command still succeeds."})
final class ProvidersCommand implements Callable<Integer> {

    @ParentCommand
    private TokenkitCli cli;

    @Override
    public Integer call() {
        TokenProviders registry = cli.registry();
        TextTable table = new TextTable("ID", "NAME", "ORIGIN");
        for (String id : registry.ids()) {
            String name;
            String origin;
            try {
                name = registry.describe(id).displayName();
                origin = registry.origin(id);
            } catch (TokenException e) {
                // several factories claim this id: say so in the table, the details on stderr
                cli.err().println("tokenkit: warning: " + ExitCodes.oneLine(e.getMessage()));
                name = "(unusable: several providers claim this id)";
                origin = "-";
            }
            table.row(id, name, origin);
        }
        if (registry.ids().isEmpty()) {
            cli.err().println("tokenkit: warning: no token providers found");
        } else {
            table.print(cli.out());
        }
        for (Throwable failure : registry.loadFailures()) {
            cli.err().println("tokenkit: warning: a provider failed to load: " + ExitCodes.oneLine(ExitCodes.describe(failure)));
            if (cli.verbose()) {
                failure.printStackTrace(cli.err());
            }
        }
        return ExitCodes.OK;
    }
}
