package dev.tokenkit.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProvidersCommandTest {

    @TempDir
    static Path providerDir;

    @BeforeAll
    static void buildProviderJars() throws IOException {
        TestProviderJars.acme(Files.createDirectories(providerDir.resolve("build")));
        Files.move(providerDir.resolve("build/acme-provider.jar"), providerDir.resolve("acme-provider.jar"));
        TestProviderJars.broken(providerDir);
    }

    @Test
    void listsTheBuiltInProvidersWithNameAndOrigin() {
        Cli.Result r = Cli.run("providers");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out().lines()).first().asString().startsWith("ID").contains("NAME", "ORIGIN");
        assertThat(r.out()).containsPattern("(?m)^singleview +SingleView +class path \\(file:.*provider-singleview")
                .containsPattern("(?m)^symbl +Symbl\\.ai +class path \\(file:.*provider-symbl");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void providerPathJarsAreLoadedAndLoadFailuresReported() {
        Cli.Result r = Cli.run("providers", "--provider-path", providerDir.toString());

        assertThat(r.exitCode()).as("%s", r).isZero();
        // the jar is reported as coming from --provider-path, the built-in providers from the class path
        assertThat(r.out()).containsPattern("(?m)^acme-sso +Acme SSO +provider-path \\(file:.*acme-provider\\.jar\\)$")
                .containsPattern("(?m)^symbl +Symbl\\.ai +class path \\(file:.*provider-symbl")
                .contains("singleview");
        assertThat(r.err()).matches("tokenkit: warning: a provider failed to load: [^\\n]*test\\.broken\\.MissingFactory[^\\n]*\\n");
    }

    @Test
    void providerPathWorksBeforeTheCommandToo() {
        Cli.Result r = Cli.run("--provider-path", providerDir.toString(), "providers");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("acme-sso");
    }

    @Test
    void providerPathProvidersDescribeAndIssueTokens() {
        Cli.Result describe = Cli.run("describe", "acme-sso", "--provider-path", providerDir.toString());
        Cli.Result token = Cli.run("token", "acme-sso", "--provider-path", providerDir.toString(), "-c", "tenant=t1");

        assertThat(describe.exitCode()).as("%s", describe).isZero();
        assertThat(describe.out()).containsPattern("(?m)^pin +string +no +yes +\\(hidden\\) +TOKENKIT_ACME_SSO_PIN +A secret")
                .doesNotContain(TestProviderJars.ACME_SECRET_DEFAULT);
        assertThat(token.exitCode()).as("%s", token).isZero();
        assertThat(token.out()).isEqualTo("acme-token-for-t1\n");
        // the broken jar's load failure is the 'providers' command's business, not a token's
        assertThat(token.err()).isEmpty();
    }

    @Test
    void twoProvidersWithOneIdAreListedAsUnusable(@TempDir Path twice) throws IOException {
        TestProviderJars.acme(twice, "AcmeOne", "acme-1.jar");
        TestProviderJars.acme(twice, "AcmeTwo", "acme-2.jar");

        Cli.Result r = Cli.run("providers", "--provider-path", twice.toString());
        Cli.Result token = Cli.run("token", "acme-sso", "--provider-path", twice.toString(), "-c", "tenant=t");

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out()).containsPattern("(?m)^acme-sso +\\(unusable: several providers claim this id\\) +-$");
        assertThat(r.err()).matches("tokenkit: warning: acme-sso: several provider factories claim id 'acme-sso':"
                + " test\\.acme\\.AcmeOne \\(provider-path \\(file:[^\\n]*acme-1\\.jar\\)\\) and test\\.acme\\.AcmeTwo"
                + " \\(provider-path \\(file:[^\\n]*acme-2\\.jar\\)\\)[^\\n]*\\n");
        assertThat(token.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void providerPathMustBeADirectory() {
        Cli.Result r = Cli.run("providers", "--provider-path", providerDir.resolve("acme-provider.jar").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).matches("tokenkit: --provider-path .*acme-provider\\.jar is not a directory; see .*\\n");
    }
}
