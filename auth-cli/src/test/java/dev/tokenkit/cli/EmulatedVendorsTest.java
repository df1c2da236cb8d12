package dev.tokenkit.cli;

import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.VendorEmulator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code emulate} and {@code demo} serve whatever {@link EmulatedVendor}s ServiceLoader finds:
 * the built-in ones fit their providers, and a vendor the command line has never heard of is
 * served and demonstrated without a change to it.
 */
class EmulatedVendorsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("each built-in emulator's options and demo configuration are options of the provider with its id")
    void builtInVendorsFitTheirProviders() {
        TokenProviders registry = TokenProviders.load();
        List<EmulatedVendor> vendors = EmulatedVendor.load(getClass().getClassLoader());
        assertThat(vendors).extracting(EmulatedVendor::providerId).containsExactly("symbl", "singleview", "oauth2", "google-service-account");

        for (EmulatedVendor vendor : vendors) {
            String id = vendor.providerId();
            ProviderDescriptor descriptor = registry.describe(id);
            try (VendorEmulator running = vendor.start(0, Vendors.demoValues(vendor))) {
                List<String> named = new ArrayList<>(vendor.demoConfiguration(running));
                named.addAll(vendor.endpointOptions(running));
                vendor.options().forEach(o -> named.add(o.name() + "=" + o.demoValue()));
                for (String option : named) {
                    String name = option.substring(0, option.indexOf('='));
                    assertThat(descriptor.option(name)).as("%s: option %s", id, name).isPresent();
                }
                for (EmulatedVendor.Option option : vendor.options()) {
                    assertThat(descriptor.option(option.name()).map(ConfigOption::isSecret))
                            .as("%s: %s is secret to both or neither", id, option.name()).hasValue(option.secret());
                }
                // the demo configuration is complete and valid for the provider
                ConfigSources.assemble(descriptor, Map.of(), null, vendor.demoConfiguration(running)).validate(descriptor);
            }
        }
    }

    @Test
    @DisplayName("core names the artifact of every built-in emulator's provider when its jar is missing")
    void coreNamesTheMissingProviderArtifact() {
        TokenProviders none = TokenProviders.of(List.of());
        for (EmulatedVendor vendor : EmulatedVendor.load(getClass().getClassLoader())) {
            String id = vendor.providerId();
            assertThatThrownBy(() -> none.describe(id)).isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("(dev.tokenkit:provider-" + id + ")");
        }
    }

    @Test
    @DisplayName("a new vendor found by ServiceLoader (a jar on --provider-path) is demonstrated and served")
    void newVendorIsDemonstratedAndServed() throws Exception {
        TestProviderJars.acme(dir);
        TestProviderJars.services(dir, "acme-emulator.jar", EmulatedVendor.class, AcmeVendor.class);
        String path = dir.toString();

        Cli.Result one = Cli.run("--provider-path", path, "demo", TestProviderJars.ACME_ID);
        assertThat(one.exitCode()).as("%s", one).isZero();
        assertThat(one.err()).isEmpty();
        assertThat(one.out())
                .contains("== acme-sso (Acme SSO), emulator at http://127.0.0.1:")
                .contains("config       tenant=demo-tenant (as -c options of 'tokenkit token')")
                .contains("  " + AcmeVendor.INTRODUCTION + "\n")
                .containsPattern("token +Bearer, sha256:[0-9a-f]{8} \\(the value is not shown")
                .contains("  acme: first token, 59 min left, served by AcmeEmulator[demo-tenant]\n")
                .containsPattern("refresh due .* at 80 % ± 5 % \\(jitter\\)")
                .contains("the source fetches anew, from acme.")
                .contains("the SAME token as the first answer", "  acme: second token the same\n")
                .doesNotContain(TestProviderJars.ACME_SECRET_DEFAULT, "== symbl");

        Cli.Result all = Cli.run("--provider-path", path, "demo");
        assertThat(all.exitCode()).as("%s", all).isZero();
        assertThat(all.out()).contains("== symbl (", "== singleview (", "== oauth2 (", "== acme-sso (Acme SSO)");

        Cli.Result unknown = Cli.run("--provider-path", path, "demo", "nope");
        assertThat(unknown.err()).contains("demo runs symbl, singleview, oauth2, google-service-account or acme-sso");

        try (EmulateCommandTest.Running acme = new EmulateCommandTest.Running("--provider-path", path, "emulate",
                TestProviderJars.ACME_ID, "-c", "tenant=t1")) {
            URI base = acme.baseUri();
            assertThat(acme.out()).contains("acme-sso emulator serving on " + base)
                    .contains("token endpoint  POST " + base + "/token")
                    .contains("accepts         tenant=t1")
                    .contains("try             tokenkit token acme-sso -c tenant=t1\n");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/token")).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo("{\"access_token\":\"acme-t1\",\"expires_in\":3600}");
            assertThat(acme.stop()).isZero();
        }
    }

    @Test
    @DisplayName("two emulators of one provider are a configuration error naming both classes")
    void twoEmulatorsOfOneProvider() throws Exception {
        TestProviderJars.services(dir, "second-symbl.jar", EmulatedVendor.class, SecondSymblVendor.class);

        Cli.Result r = Cli.run("--provider-path", dir.toString(), "demo", "symbl");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("two emulators of provider 'symbl'", "SymblVendor", SecondSymblVendor.class.getName());
        assertThat(Files.list(dir)).hasSize(1);
    }
}
