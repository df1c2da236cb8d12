package dev.tokenkit.testkit;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every tokenkit provider passes. A provider's test extends this class and answers
 * four hooks:
 *
 * <pre>{@code
 * class AcmeProviderContractTest extends TokenProviderContract {
 *     protected String providerId() { return "acme"; }
 *     protected ProviderConfig validConfig(URI baseUri) {
 *         return ProviderConfig.builder().put("base-url", baseUri.toString())
 *                 .put("client-id", "id-1").putSecret("client-secret", "s3cr3t-value").build();
 *     }
 *     protected String successBody(String token, String lifetimeJson) {
 *         return "{\"access_token\":\"" + token + "\",\"expires_in\":" + lifetimeJson + "}";
 *     }
 *     protected void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt) {
 *         assertThat(request.path()).isEqualTo("/oauth/token");
 *     }
 * }
 * }</pre>
 *
 * <p>The checks run against a real {@link FakeTokenServer} on loopback and a {@link ManualClock},
 * in groups with one concern each: discovery, descriptor, configuration, wire format, success
 * parsing, the fault matrix ({@link FaultRows} and {@link #vendorFaults()}), the secret-hygiene
 * sweep over it, and concurrency. A check is in the kit only if a provider's own code can make it
 * fail; what tokenkit alone decides (retry and backoff, {@code Retry-After} waits, size and
 * nesting limits, validation messages) is tested once in auth-core. The checks are
 * package-private, so an implementation can vary behaviour only through the hooks, never by
 * overriding or dropping a check. When the provider is not registered, one discovery check fails
 * and says how to register it, and every other check is skipped.
 */
public abstract class TokenProviderContract {
    private ProviderFixture fixture;

    /** Creates the contract; subclasses need a no-argument constructor. */
    protected TokenProviderContract() {
    }

    // ------------------------------------------------------------------ hooks

    /**
     * The id of the provider under test.
     *
     * @return the provider id
     */
    protected abstract String providerId();

    /**
     * A complete, valid configuration whose token endpoint is under {@code baseUri}. Give secret
     * options distinctive values of at least 8 characters: the hygiene sweep searches for them.
     *
     * @param baseUri the fake server's base URI
     * @return the configuration
     */
    protected abstract ProviderConfig validConfig(URI baseUri);

    /**
     * The body of the vendor's success answer carrying this token and lifetime.
     *
     * @param token        the token value
     * @param lifetimeJson the lifetime as a JSON literal
     * @return the JSON body
     */
    protected abstract String successBody(String token, String lifetimeJson);

    /**
     * Asserts that the recorded request is exactly the vendor's token request for this
     * configuration: path, headers, body.
     *
     * @param request the request the server received
     * @param config  the configuration the provider was created with
     * @param sentAt  the provider clock's instant when the request was sent
     */
    protected abstract void assertWireRequest(RecordedRequest request, ProviderConfig config, Instant sentAt);

    /**
     * The vendor's answer to invalid credentials. Default: HTTP 401 with a JSON message.
     *
     * @return the answer
     */
    protected FakeResponse invalidCredentialsResponse() {
        return FakeResponse.status(401).json("{\"message\":\"Unauthorized\"}");
    }

    /**
     * Vendor-specific failures added to the fault matrix and to the hygiene sweep, such as an
     * error envelope sent with HTTP 200. Default none.
     *
     * @return the extra rows, each made with {@link FaultRow#of(String, Class, FakeResponse...)}
     */
    protected List<FaultRow> vendorFaults() {
        return List.of();
    }

    /**
     * Whether the provider is a named module: a {@code module-info} with {@code provides
     * dev.tokenkit.spi.TokenProviderFactory with ...}. Default {@code true}, as the guide requires.
     * Return {@code false} only for a provider that ships no module-info at all (a class-path-only
     * jar); the two checks that read its module descriptor, <em>META-INF/services and module-info
     * provides name the same factory</em> and <em>is found by id on the module path</em>, are then
     * skipped (reported as aborted, never as passed).
     *
     * @return whether the provider is modular
     */
    protected boolean isModular() {
        return true;
    }

    /**
     * One class from each module, beyond tokenkit's own, that the provider's module requires at
     * run time. Default none.
     *
     * <p>The check <em>is found by id on the module path</em> resolves the provider's module in a
     * module layer and loads the provider there with {@link TokenProviders#load(ModuleLayer)}.
     * When the tests run on the class path, that layer is built from jars: the provider's own, and
     * those of tokenkit ({@code dev.tokenkit}) and of the modules tokenkit requires (jakarta.json,
     * Parsson, resilience4j). If the provider's {@code module-info} {@code requires} another
     * module, say a JOSE library to sign a client assertion, the layer cannot be resolved and the
     * check fails with a message such as <em>module com.acme.tokenkit does not resolve beside
     * tokenkit's modules (Module com.nimbusds.jose.jwt not found, required by com.acme.tokenkit)</em>.
     * Return one class of each such module here, and of each module it requires in turn; the kit
     * puts the jar (or directory) each class was loaded from into the layer:
     *
     * <pre>{@code
     * // module com.acme.tokenkit { requires transitive dev.tokenkit; requires com.nimbusds.jose.jwt; ... }
     * @Override
     * protected Collection<Class<?>> extraModuleClasses() {
     *     return List.of(com.nimbusds.jwt.SignedJWT.class);
     * }
     * }</pre>
     *
     * <p>Modules that are {@code requires static} (such as {@code com.google.auto.service}) are not
     * needed at run time and need no entry. When the tests run on the module path (surefire's
     * default for a project with a {@code module-info}), the boot layer already holds every module
     * the provider requires, the layer reuses them, and this hook changes nothing.
     *
     * @return one class from each extra module
     */
    protected Collection<Class<?>> extraModuleClasses() {
        return List.of();
    }

    /**
     * The secret values a recorded token request carried that are not configured option values,
     * such as a signed client assertion (the {@code client_assertion} or {@code assertion} form
     * field of RFC 7523). Default none.
     *
     * <p>The secret-hygiene sweep calls this for every request the fake server received in a row
     * and searches everything the row showed for each value, in the forms it searches for
     * configured secrets. A value must be at least 8 characters long.
     *
     * <pre>{@code
     * @Override
     * protected Set<String> sentSecrets(RecordedRequest request) {
     *     return formValue(request, "client_assertion").map(Set::of).orElse(Set.of());
     * }
     * }</pre>
     *
     * @param request a token request the fake server received
     * @return the secret values it carried besides configured secrets
     */
    protected Set<String> sentSecrets(RecordedRequest request) {
        return Set.of();
    }

    /**
     * Secret key material the valid configuration points to without holding it, such as the text
     * or the Base64 of a private key in a file named by a non-secret option. Default none.
     *
     * <p>The secret-hygiene sweep searches everything each row showed for each value, in the
     * forms it searches for configured secrets. A value must be at least 8 characters long.
     *
     * @return the key material values
     */
    protected Set<String> keyMaterialSecrets() {
        return Set.of();
    }

    // ---------------------------------------------------------- kit helpers

    /**
     * The fake token server of the current check.
     *
     * @return the server
     */
    protected final FakeTokenServer server() {
        return fixture.server;
    }

    /**
     * The manual clock the provider under test runs on.
     *
     * @return the clock
     */
    protected final ManualClock clock() {
        return fixture.clock;
    }

    /**
     * The registry as an application loads it, on the kit's clock.
     *
     * @return the registry
     */
    protected final TokenProviders providers() {
        return fixture.providers();
    }

    /**
     * A provider created through the registry with {@link #validConfig(URI)}.
     *
     * @return the provider
     */
    protected final TokenProvider provider() {
        return fixture.provider();
    }

    /**
     * {@link #validConfig(URI)} for the current fake server.
     *
     * @return the configuration
     */
    protected final ProviderConfig config() {
        return fixture.config();
    }

    /**
     * A fresh opaque token value (not a JWT, so its lifetime comes from the answer only).
     *
     * @return the token value
     */
    protected static String newTokenValue() {
        return ProviderFixture.newTokenValue();
    }

    /**
     * The value of a field of a recorded request's form body ({@code application/x-www-form-urlencoded}),
     * decoded; for {@link #sentSecrets(RecordedRequest)}.
     *
     * @param request the recorded request
     * @param name    the field's name
     * @return the decoded value of the first field of that name, or empty if there is none
     */
    protected static Optional<String> formValue(RecordedRequest request, String name) {
        for (String pair : request.body().split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The current check's world (for the check groups). */
    final ProviderFixture fixture() {
        return fixture;
    }

    @BeforeEach
    final void startKit() {
        fixture = new ProviderFixture(this);
    }

    @AfterEach
    final void stopKit() {
        fixture.close();
    }

    @Test
    @DisplayName("the kit is set up: a lower-kebab-case provider id, a valid configuration and a success body")
    void kitIsSetUp() {
        assertThat(providerId()).as("providerId()").matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        assertThat(config()).as("validConfig(baseUri)").isNotNull();
        assertThat(successBody("t", "1")).as("successBody(token, lifetime)").isNotBlank();
    }

    // ------------------------------------------------------------- checks

    /** Found through ServiceLoader, on the class path and the module path. */
    @Nested
    @DisplayName("discovery")
    final class Discovery extends DiscoveryChecks {
        Discovery() {
            super(TokenProviderContract.this);
        }
    }

    /** What tokenkit describe shows. */
    @Nested
    @DisplayName("descriptor")
    final class Descriptor extends DescriptorChecks {
        Descriptor() {
            super(TokenProviderContract.this);
        }
    }

    /** Creating the provider. */
    @Nested
    @DisplayName("configuration")
    final class Configuration extends ConfigurationChecks {
        Configuration() {
            super(TokenProviderContract.this);
        }
    }

    /** The request on the wire. */
    @Nested
    @DisplayName("wire format")
    final class WireFormat extends WireFormatChecks {
        WireFormat() {
            super(TokenProviderContract.this);
        }
    }

    /** Reading the success answer. */
    @Nested
    @DisplayName("success parsing")
    final class SuccessParsing extends SuccessParsingChecks {
        SuccessParsing() {
            super(TokenProviderContract.this);
        }
    }

    /** Every fault row ends in its typed error. */
    @Nested
    @DisplayName("fault matrix")
    final class FaultMatrix extends FaultMatrixChecks {
        FaultMatrix() {
            super(TokenProviderContract.this);
        }
    }

    /** Nothing secret shown, for a success and every fault row. */
    @Nested
    @DisplayName("secret hygiene")
    final class Hygiene extends HygieneChecks {
        Hygiene() {
            super(TokenProviderContract.this);
        }
    }

    /** Many threads, one provider. */
    @Nested
    @DisplayName("concurrency")
    final class Concurrency extends ConcurrencyChecks {
        Concurrency() {
            super(TokenProviderContract.this);
        }
    }
}
