package dev.tokenkit.cli;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tokenkit describe <id>}: a provider's options. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a provider's options: name, type, whether required or secret, default,"
                + " the environment variable that sets it, and what it is for.")
final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    private TokenkitCli cli;

    @Parameters(paramLabel = "<id>", description = "The provider id, e.g. symbl (see 'tokenkit providers').")
    private String id;

    @Override
    public Integer call() {
        ProviderDescriptor d = cli.registry().describe(id);
        PrintStream out = cli.out();
        out.println(d.id() + " - " + d.displayName());
        if (!d.description().isEmpty()) {
            out.println(d.description());
        }
        out.println();
        TextTable table = new TextTable("OPTION", "TYPE", "REQUIRED", "SECRET", "DEFAULT", "ENVIRONMENT VARIABLE",
                "DESCRIPTION");
        for (ConfigOption o : d.options()) {
            table.row(o.name(), o.type().name().toLowerCase(Locale.ROOT), o.isRequired() ? "yes" : "no",
                    o.isSecret() ? "yes" : "no", defaultOf(o), o.environmentVariable(d.id()), o.description());
        }
        table.print(out);
        return ExitCodes.OK;
    }

    /** Secret options never show a default value. */
    static String defaultOf(ConfigOption o) {
        if (o.defaultValue().isEmpty()) {
            return "-";
        }
        return o.isSecret() ? "(hidden)" : o.defaultValue().get();
    }
}
