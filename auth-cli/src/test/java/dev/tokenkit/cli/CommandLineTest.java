package dev.tokenkit.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("providers", "describe", "token", "demo", "--verbose", "--provider-path",
                "Exit codes:", "3  invalid credentials", "docs/cli.md");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void eachCommandHasHelp() {
        for (String command : new String[] {"providers", "describe", "token", "demo"}) {
            Cli.Result r = Cli.run(command, "--help");

            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: tokenkit " + command);
        }
        assertThat(Cli.run("token", "--help").out()).contains("-c", "--config", "--output", "--retries", "key=@FILE");
    }

    @Test
    void aRunBuildsOnlyTheCommandItNames() {
        assertThat(TokenkitCli.subcommandsFor(new String[] {"--verbose", "token", "symbl", "-c", "describe"}))
                .containsExactly(TokenCommand.class);
        assertThat(TokenkitCli.subcommandsFor(new String[] {"--provider-path", "token", "providers"}))
                .as("the value of --provider-path is not a command").containsExactly(ProvidersCommand.class);
        assertThat(TokenkitCli.subcommandsFor(new String[] {"--provider-path=token", "describe", "symbl"}))
                .containsExactly(DescribeCommand.class);
        // help, no command and a mistyped one see every command
        for (String[] args : new String[][] {{}, {"--help"}, {"--verbose"}, {"tokne", "symbl"}}) {
            assertThat(TokenkitCli.subcommandsFor(args)).as(String.join(" ", args)).containsExactly(ProvidersCommand.class,
                    DescribeCommand.class, TokenCommand.class, DemoCommand.class, EmulateCommand.class, JwkCommand.class);
        }
    }

    @Test
    void versionNamesTokenkitAndJava() {
        Cli.Result r = Cli.run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("tokenkit 0.").doesNotContain("${").contains("Java " + Runtime.version().feature());
    }

    @Test
    void noCommandIsAOneLineUsageError() {
        Cli.Result r = Cli.run();

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("tokenkit: missing command: one of providers, describe, token, demo, emulate;"
                + " see 'tokenkit --help'\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownCommandGetsASuggestion() {
        Cli.Result r = Cli.run("tokne", "symbl");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).matches("tokenkit: [^\\n]*'tokne'[^\\n]*did you mean token\\?[^\\n]*\\n");
    }

    @Test
    void unknownFlagIsAUsageError() {
        Cli.Result r = Cli.run("providers", "--colour");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).matches("tokenkit: [^\\n]*--colour[^\\n]*tokenkit providers --help'\\n");
    }

    @Test
    void verboseUsageErrorShowsTheStackTrace() {
        Cli.Result r = Cli.run("--verbose", "describe");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("tokenkit: ").contains("\tat ");
    }
}
