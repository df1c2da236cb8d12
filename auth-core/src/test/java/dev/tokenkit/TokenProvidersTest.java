package dev.tokenkit;

import dev.tokenkit.testsupport.Leaks;
import dev.tokenkit.testsupport.StubFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("TokenProviders registry (explicit factories)")
class TokenProvidersTest {

    /** A second class claiming an id, so that a conflict names two different classes. */
    static final class OtherStubFactory extends StubFactory {
        OtherStubFactory(String id) {
            super(id);
        }
    }

    @Nested
    @DisplayName("looking up providers by id")
    class Lookup {
        @Test
        @DisplayName("lists the ids sorted and describes and creates a known provider")
        void knownIds() {
            TokenProviders providers = TokenProviders.of(new StubFactory("zeta"), new StubFactory("acme-sso"));

            assertThat(providers.ids()).containsExactly("acme-sso", "zeta");
            assertThat(providers.describe("zeta").id()).isEqualTo("zeta");
            assertThat(providers.provider("acme-sso", ProviderConfig.empty()).id()).isEqualTo("acme-sso");
            assertThat(providers.origin("zeta")).startsWith("module dev.tokenkit");
            assertThat(providers.loadFailures()).isEmpty();
        }

        @Test
        @DisplayName("an unknown id is quoted, the ids found are listed, and a near miss gets 'did you mean'")
        void unknownIdWithNearMiss() {
            TokenProviders providers = TokenProviders.of(new StubFactory("symbol"), new StubFactory("acme-sso"));

            assertThatThrownBy(() -> providers.provider("symbl", ProviderConfig.empty()))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("unknown token provider 'symbl'")
                    .hasMessageContaining("add dev.tokenkit:provider-symbl");
            assertThatThrownBy(() -> providers.describe("acme-ss0"))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("'acme-ss0'")
                    .hasMessageContaining("did you mean 'acme-sso'?")
                    .hasMessageContaining("providers found: acme-sso, symbol");
        }

        @Test
        @DisplayName("an unknown id with nothing close gets no suggestion but still lists the ids")
        void unknownIdFarAway() {
            TokenProviders providers = TokenProviders.of(new StubFactory("acme-sso"));

            assertThatThrownBy(() -> providers.source("completely-different", ProviderConfig.empty()))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("'completely-different'")
                    .hasMessageNotContaining("did you mean")
                    .hasMessageContaining("providers found: acme-sso");
        }

        @Test
        @DisplayName("with no providers at all the message says so and names a provider module to add")
        void noProviders() {
            TokenProviders providers = TokenProviders.of(List.of());

            assertThat(providers.ids()).isEmpty();
            assertThatThrownBy(() -> providers.describe("acme"))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("'acme'")
                    .hasMessageContaining("no providers found; add a provider module such as provider-symbl");
        }

        @Test
        @DisplayName("a missing first-party provider names its Maven artifact")
        void missingFirstParty() {
            assertThatThrownBy(() -> TokenProviders.of(List.of()).describe("singleview"))
                    .hasMessageContaining("dev.tokenkit:provider-singleview");
            assertThatThrownBy(() -> TokenProviders.of(new StubFactory("acme")).describe("singleview"))
                    .hasMessageContaining("dev.tokenkit:provider-singleview");
            assertThatThrownBy(() -> TokenProviders.of(new StubFactory("acme")).source("oauth2", ProviderConfig.empty()))
                    .hasMessageContaining("dev.tokenkit:provider-oauth2");
        }
    }

    @Nested
    @DisplayName("rejecting bad factories")
    class BadFactories {
        @Test
        @DisplayName("two factories with one id: using that id names both classes, other ids still work")
        void duplicateIds() {
            TokenProviders providers = TokenProviders.of(new StubFactory("dup"), new OtherStubFactory("dup"),
                    new StubFactory("fine"));

            assertThat(providers.ids()).contains("dup", "fine");
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> providers.provider("dup", ProviderConfig.empty()));
            assertThat(e).hasMessageContaining("'dup'")
                    .hasMessageContaining(StubFactory.class.getName() + " (")
                    .hasMessageContaining(OtherStubFactory.class.getName() + " (");
            assertThatThrownBy(() -> providers.describe("dup")).isInstanceOf(ProviderConfigurationException.class);
            assertThat(providers.provider("fine", ProviderConfig.empty()).fetch().value()).isEqualTo("fixed-fine");
        }

        @Test
        @DisplayName("a factory whose descriptor has an id that is not lower-kebab-case is not loaded and is recorded as a failure")
        void invalidId() {
            StubFactory bad = new StubFactory(null, (c, x) -> new StubFactory.Fixed("bad")) {
                @Override
                public ProviderDescriptor descriptor() {
                    return ProviderDescriptor.builder("Bad_ID").build();
                }
            };
            TokenProviders providers = TokenProviders.of(bad, new StubFactory("good"));

            assertThat(providers.ids()).containsExactly("good");
            assertThat(providers.loadFailures()).singleElement()
                    .satisfies(f -> assertThat(f.getMessage()).contains("failed to describe itself")
                            .contains(bad.getClass().getName()).contains("'Bad_ID'").contains("lower-kebab-case"));
            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> providers.describe("Bad_ID"));
            assertThat(e.getSuppressed()).containsExactlyElementsOf(providers.loadFailures());
        }

        @Test
        @DisplayName("a factory whose descriptor() returns null is recorded as a failure naming the fix")
        void nullDescriptor() {
            TokenProviders providers = TokenProviders.of(new StubFactory(null, (c, x) -> null));

            assertThat(providers.ids()).isEmpty();
            assertThat(providers.loadFailures()).singleElement()
                    .satisfies(f -> assertThat(f.getMessage()).contains("returned no descriptor")
                            .contains("ProviderDescriptor.builder(id)"));
        }

        @Test
        @DisplayName("a factory whose descriptor() throws is recorded as a failure, the others load")
        void descriptorThrows() {
            StubFactory bad = new StubFactory(null, (c, x) -> null) {
                @Override
                public ProviderDescriptor descriptor() {
                    throw new IllegalStateException("boom");
                }
            };
            TokenProviders providers = TokenProviders.of(bad, new StubFactory("good"));

            assertThat(providers.ids()).containsExactly("good");
            assertThat(providers.loadFailures()).hasSize(1);
        }
    }

    @Nested
    @DisplayName("creating providers")
    class Creating {
        @Test
        @DisplayName("a create() that throws a RuntimeException quoting the secret becomes a configuration error without it")
        void createThrowsWithSecret() {
            String secret = "s3cr3t-create-42";
            StubFactory leaky = new StubFactory(ProviderDescriptor.builder("leaky")
                    .option(ConfigOption.builder("app-secret", ConfigOption.Type.STRING).required().secret().build())
                    .build(), (config, context) -> {
                        throw new IllegalStateException("cannot use secret " + config.secret("app-secret").reveal());
                    });
            TokenProviders providers = TokenProviders.of(leaky);

            ProviderConfigurationException e = catchThrowableOfType(ProviderConfigurationException.class,
                    () -> providers.provider("leaky", ProviderConfig.builder().putSecret("app-secret", secret).build()));
            assertThat(e).hasMessageContaining("could not create the provider").hasMessageContaining("****");
            assertThat(e.providerId()).contains("leaky");
            Leaks.assertNoLeak(e, secret);
        }

        @Test
        @DisplayName("a create() that returns null is a configuration error naming the factory")
        void createReturnsNull() {
            TokenProviders providers = TokenProviders.of(new StubFactory(ProviderDescriptor.builder("nul").build(),
                    (c, x) -> null));

            assertThatThrownBy(() -> providers.provider("nul", ProviderConfig.empty()))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("returned null");
        }

        @Test
        @DisplayName("the configuration is validated against the descriptor before create() is called")
        void validatesBeforeCreate() {
            TokenProviders providers = TokenProviders.of(new StubFactory("acme"));

            assertThatThrownBy(() -> providers.provider("acme", ProviderConfig.builder().put("app_secret", "x").build()))
                    .isInstanceOf(ProviderConfigurationException.class)
                    .hasMessageContaining("unknown option 'app_secret'; did you mean 'app-secret'?");
        }

        @Test
        @DisplayName("the registry passes the validated configuration and its clock to the factory")
        void passesValidatedConfig() {
            java.time.Instant fixed = java.time.Instant.parse("2030-01-01T00:00:00Z");
            ProviderConfig[] seen = new ProviderConfig[1];
            java.time.Instant[] now = new java.time.Instant[1];
            TokenProviders providers = TokenProviders.of(new StubFactory(ProviderDescriptor.builder("acme")
                    .option(ConfigOption.builder("app-secret", ConfigOption.Type.STRING).secret().required().build())
                    .build(), (config, context) -> {
                        seen[0] = config;
                        now[0] = context.clock().instant();
                        return new StubFactory.Fixed("acme");
                    })).withClock(() -> fixed);

            providers.provider("acme", ProviderConfig.builder().put("app-secret", "plain-given").build());

            assertThat(seen[0].providerId()).contains("acme");
            assertThat(seen[0].secret("app-secret").reveal()).isEqualTo("plain-given");
            assertThat(seen[0].string("request-timeout")).isEqualTo("10s");
            assertThat(now[0]).isEqualTo(fixed);
        }
            @Test
        @DisplayName("withTransport sends the provider's requests through the given transport, in memory")
        void customTransport() {
            java.util.List<dev.tokenkit.spi.TokenRequest> sent = new java.util.ArrayList<>();
            TokenProviders providers = TokenProviders.of(new dev.tokenkit.testsupport.TestTokenFactory("acme"))
                    .withTransport(request -> {
                        sent.add(request);
                        return new dev.tokenkit.spi.TokenResponse(request.uri(), 200, java.util.Map.of(),
                                "{\"token\":\"in-memory-1\",\"ttl\":60}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    });

            AccessToken token = providers.provider("acme", ProviderConfig.builder()
                    .put("base-url", "https://token.example").put("app-id", "a1").putSecret("app-secret", "s3cret-v").build())
                    .fetch();

            assertThat(token.value()).isEqualTo("in-memory-1");
            assertThat(sent).singleElement().satisfies(r -> {
                assertThat(r.uri()).hasToString("https://token.example/oauth/token");
                assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("{\"id\":\"a1\",\"secret\":\"s3cret-v\"}");
            });
        }
    }
}
