package dev.tokenkit.testkit.modular;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testing.ManualClock;
import dev.tokenkit.testkit.TokenProviderContract;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract runs against the provider modules of {@link ModularProviders}. The class names end in
 * "Fixture" so that surefire does not run them on their own: {@code ModuleChecksSelfTest} runs
 * their discovery checks with the modules loaded as a third party's tests load them.
 */
final class ModularProviderFixtures {
    private ModularProviderFixtures() {
    }

    /** The contract for one fixture module, by its provider id. */
    abstract static class ModuleFixture extends TokenProviderContract {
        private final String id;

        ModuleFixture(String id) {
            this.id = id;
        }

        @Override
        protected String providerId() {
            return id;
        }

        @Override
        protected ProviderConfig validConfig(URI baseUri) {
            return ProviderConfig.builder().put("base-url", baseUri.toString()).build();
        }

        @Override
        protected String successBody(String token, String lifetimeJson) {
            return "{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetimeJson + "}";
        }

        @Override
        protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
            assertThat(request.path()).isEqualTo("/token");
            assertThat(request.body()).isEqualTo("grant_type=client_credentials");
        }
    }

    /** {@code fixture.modular}: passes. */
    static class ModularFixture extends ModuleFixture {
        ModularFixture() {
            super("modular");
        }
    }

    /** {@code fixture.unprovided}: no {@code provides}. */
    static class UnprovidedFixture extends ModuleFixture {
        UnprovidedFixture() {
            super("unprovided");
        }
    }

    /** {@code fixture.misprovided}: {@code provides} names another factory. */
    static class MisprovidedFixture extends ModuleFixture {
        MisprovidedFixture() {
            super("misprovided");
        }
    }

    /** {@code fixture.needy}, without naming the module it requires beyond tokenkit's. */
    static class NeedyFixture extends ModuleFixture {
        NeedyFixture() {
            super("needy");
        }
    }

    /** {@code fixture.needy}, naming the module it requires beyond tokenkit's with {@code extraModuleClasses()}. */
    static class NeedyNamedFixture extends ModuleFixture {
        NeedyNamedFixture() {
            super("needy");
        }

        @Override
        protected Collection<Class<?>> extraModuleClasses() {
            return List.of(ManualClock.class);
        }
    }
}
