package dev.tokenkit.testkit.sample;

import dev.tokenkit.emulators.RecordedRequest;

import java.util.Set;

/**
 * Contract runs for the broken providers, and for broken setups. The class names end in "Fixture"
 * so that surefire does not run them on their own: {@code ContractSelfTest} runs them through the
 * JUnit engine and checks that the contract fails each one where it should.
 */
final class BrokenProviderFixtures {
    private BrokenProviderFixtures() {
    }

    /** The contract against {@link BrokenProviders.Leaky}. */
    static class LeakyFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "leaky";
        }
    }

    /** The contract against {@link BrokenProviders.Echoing}. */
    static class EchoingFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "echoing";
        }
    }

    /** The contract against {@link BrokenProviders.CodeOverStatus}. */
    static class CodeOverStatusFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "code-over-status";
        }
    }

    /** The contract against {@link BrokenProviders.Chatty}. */
    static class ChattyFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "chatty";
        }
    }

    /** The contract against {@link BrokenProviders.WrongBody}. */
    static class WrongBodyFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "wrong-body";
        }
    }

    /** The contract against {@link BrokenProviders.SecretInUrl}. */
    static class SecretInUrlFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "secret-in-url";
        }
    }

    /** The contract against {@link BrokenProviders.Caching}. */
    static class CachingFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "caching";
        }
    }

    /** The contract against {@link BrokenProviders.Shouting}. */
    static class ShoutingFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "shouting";
        }
    }

    /** The contract against {@link BrokenProviders.FixedLifetime}. */
    static class FixedLifetimeFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "fixed-lifetime";
        }
    }

    /** The contract against {@link BrokenProviders.Eager}. */
    static class EagerFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "eager";
        }
    }

    /** The contract against {@link BrokenProviders.Undocumented}. */
    static class UndocumentedFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "undocumented";
        }
    }

    /** The contract against {@link BrokenProviders.Racy}. */
    static class RacyFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "racy";
        }
    }

    /** The contract against {@link BrokenProviders.StatusBlind}. */
    static class StatusBlindFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "status-blind";
        }
    }

    /** The contract against {@link BrokenProviders.OwnClient}. */
    static class OwnClientFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "own-client";
        }
    }

    /** The contract against {@link BrokenProviders.AssertionEchoing}, naming the assertion it sends as a secret. */
    static class AssertionEchoingFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "assertion-echoing";
        }

        @Override
        protected Set<String> sentSecrets(RecordedRequest request) {
            return formValue(request, "client_assertion").map(Set::of).orElse(Set.of());
        }
    }

    /** The contract against {@link BrokenProviders.AssertionEchoing}, without naming the assertion it sends. */
    static class AssertionUndeclaredFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "assertion-echoing";
        }
    }

    /** The contract against {@link BrokenProviders.KeyLogging}, naming the key it signs with as key material. */
    static class KeyLoggingFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "key-logging";
        }

        @Override
        protected Set<String> keyMaterialSecrets() {
            return Set.of(BrokenProviders.KEY_MATERIAL);
        }
    }

    /** A setup whose {@code sentSecrets} names a value too short to search for. */
    static class ShortSentSecretFixture extends SampleProviderContractTest {
        @Override
        protected Set<String> sentSecrets(RecordedRequest request) {
            return Set.of("grant");
        }
    }

    /** A provider id that no factory registers: what a missing {@code @AutoService} looks like. */
    static class UnregisteredFixture extends SampleProviderContractTest {
        @Override
        protected String providerId() {
            return "unregistered";
        }
    }

    /** A setup whose success body is blank. */
    static class BlankBodyFixture extends SampleProviderContractTest {
        @Override
        protected String successBody(String token, String lifetimeJson) {
            return " ";
        }
    }
}
