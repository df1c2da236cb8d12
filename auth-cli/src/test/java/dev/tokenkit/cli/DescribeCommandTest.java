package dev.tokenkit.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DescribeCommandTest {

    @Test
    void describesSymblsOptions() {
        Cli.Result r = Cli.run("describe", "symbl");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("symbl - Symbl.ai\n")
                .containsPattern("(?m)^OPTION +TYPE +REQUIRED +SECRET +DEFAULT +ENVIRONMENT VARIABLE +DESCRIPTION$")
                .containsPattern("(?m)^app-id +string +yes +no +- +TOKENKIT_SYMBL_APP_ID +App ID")
                .containsPattern("(?m)^app-secret +string +yes +yes +- +TOKENKIT_SYMBL_APP_SECRET +App secret")
                .containsPattern("(?m)^base-url +uri +no +no +https://api\\.symbl\\.ai +TOKENKIT_SYMBL_BASE_URL ")
                .containsPattern("(?m)^request-timeout +duration +no +no +10s +TOKENKIT_SYMBL_REQUEST_TIMEOUT ")
                .contains("connect-timeout", "max-response-bytes", "allow-insecure-http");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void describesSingleView() {
        Cli.Result r = Cli.run("describe", "singleview");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("(?m)^client-code +string +yes +yes +- +TOKENKIT_SINGLEVIEW_CLIENT_CODE ")
                .containsPattern("(?m)^device +string +no +no +Web +TOKENKIT_SINGLEVIEW_DEVICE ");
    }

    @Test
    void unknownProviderIsAConfigurationError() {
        Cli.Result r = Cli.run("describe", "nope");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).matches("tokenkit: unknown token provider 'nope'[^\\n]*\\n");
    }
}
