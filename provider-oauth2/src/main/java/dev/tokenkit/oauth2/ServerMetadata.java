package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ASSERTION_ALGORITHM;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.AUTH_METHOD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ISSUER;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.TOKEN_URL;

import dev.tokenkit.ProviderConfigurationException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an authorization server's metadata (RFC 8414 §2, or an OpenID Connect discovery
 * document, which has the same members) and reads its token endpoint (its mutual TLS alias for a
 * client that authenticates with its TLS certificate, RFC 8705 §5). Every problem is a
 * {@link ProviderConfigurationException} naming the member, what the server published and the
 * fix: the server, or the configured issuer, is wrong, and asking again cannot help.
 */
final class ServerMetadata {
    /** RFC 8705 §5: the endpoints to use with mutual TLS, when they differ from the others. */
    private static final String MTLS_ALIASES = "mtls_endpoint_aliases";

    private final String providerId;
    private final URI address;
    private final JsonObject document;

    private ServerMetadata(String providerId, URI address, JsonObject document) {
        this.providerId = providerId;
        this.address = address;
        this.document = document;
    }

    /**
     * The token endpoint of a metadata document, after checking it against the settings.
     *
     * @param providerId the provider id, for errors
     * @param address    where the document was read, for messages
     * @param document   the document
     * @param settings   the configured issuer, auth method and transport policy
     * @return the token endpoint
     * @throws ProviderConfigurationException when the document does not fit
     */
    static URI tokenEndpoint(String providerId, URI address, JsonObject document, OAuth2Settings settings) {
        ServerMetadata metadata = new ServerMetadata(providerId, address, document);
        metadata.checkIssuer(settings.issuer);
        URI endpoint = metadata.checkTokenEndpoint(settings);
        metadata.checkListed("grant_types_supported", "client_credentials",
                "the server does not offer the client credentials grant for this issuer; enable it at the"
                        + " authorization server or use an issuer that offers it");
        String method = settings.authMethod.optionValue();
        metadata.checkListed("token_endpoint_auth_methods_supported", method, settings.authMethod.sendsSecret()
                && metadata.strings("token_endpoint_auth_methods_supported").contains(otherSecretMethod(method))
                ? "set " + AUTH_METHOD + "=" + otherSecretMethod(method)
                : "set " + AUTH_METHOD + " to a method it lists, with that method's credentials");
        settings.authentication.signingAlgorithm().ifPresent(algorithm -> metadata.checkListed(
                "token_endpoint_auth_signing_alg_values_supported", algorithm, "set " + ASSERTION_ALGORITHM
                        + " to one of them (with a key made for it)"));
        return endpoint;
    }

    /** client_secret_post for client_secret_basic and the other way round. */
    private static String otherSecretMethod(String method) {
        return (method.equals(ClientAuthMethod.CLIENT_SECRET_BASIC.optionValue()) ? ClientAuthMethod.CLIENT_SECRET_POST
                : ClientAuthMethod.CLIENT_SECRET_BASIC).optionValue();
    }

    /** RFC 8414 §3.3: the issuer published must be identical to the one configured. */
    private void checkIssuer(URI configured) {
        String published = string("issuer").orElseThrow(() -> problem("has no 'issuer'; it is not authorization"
                + " server metadata: check option '" + ISSUER + "', or set '" + TOKEN_URL + "' instead"));
        if (!published.equals(configured.toString())) {
            throw problem("names issuer '" + OAuth2Settings.printable(published) + "', but option '" + ISSUER
                    + "' is '" + configured + "'; RFC 8414 section 3.3 requires them to be identical (a trailing"
                    + " slash counts): set " + ISSUER + "=" + OAuth2Settings.printable(published)
                    + " if that is the server you mean");
        }
    }

    /**
     * The token endpoint: for a client authenticating with its TLS certificate, the alias the
     * server publishes for mutual TLS ({@code mtls_endpoint_aliases.token_endpoint}, RFC 8705 §5)
     * when it has one; else {@code token_endpoint}.
     */
    private URI checkTokenEndpoint(OAuth2Settings settings) {
        boolean tls = settings.authMethod.usesClientCertificate();
        Optional<String> alias = tls ? mtlsAlias() : Optional.empty();
        String member = alias.isPresent() ? MTLS_ALIASES + ".token_endpoint" : "token_endpoint";
        String value = alias.or(() -> string("token_endpoint")).orElseThrow(() -> problem("has no 'token_endpoint':"
                + " this issuer publishes no token endpoint; set option '" + TOKEN_URL + "' to it instead of '"
                + ISSUER + "'"));
        URI endpoint;
        try {
            endpoint = new URI(value);
        } catch (URISyntaxException e) {
            throw problem("has a '" + member + "' that is not a URI (" + e.getReason() + "); set option '"
                    + TOKEN_URL + "' instead");
        }
        if (!endpoint.isAbsolute() || endpoint.getHost() == null || endpoint.getRawFragment() != null) {
            throw problem("has '" + member + "' '" + OAuth2Settings.printable(value) + "', which is not an absolute"
                    + " URI with a host and without a fragment (RFC 6749 section 3.2); set option '" + TOKEN_URL
                    + "' instead");
        }
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (tls && !scheme.equals("https")) {
            throw problem("has '" + member + "' " + scheme + "://" + endpoint.getHost() + ", which is not https: "
                    + AUTH_METHOD + "=" + settings.authMethod.optionValue() + " presents the client certificate in"
                    + " the TLS handshake; fix the server's metadata, or set '" + TOKEN_URL + "' to its https token"
                    + " endpoint");
        }
        boolean sameHttpServer = scheme.equals("http") && settings.issuer.getScheme().equalsIgnoreCase("http")
                && endpoint.getHost().equalsIgnoreCase(settings.issuer.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && (settings.allowInsecureHttp || sameHttpServer))) {
            throw problem("has '" + member + "' " + scheme + "://" + endpoint.getHost() + ", which is not https:"
                    + " tokenkit sends the client secret over https only; fix the server's metadata, or set"
                    + " allow-insecure-http=true if you accept sending it unencrypted");
        }
        return endpoint;
    }

    /** {@code mtls_endpoint_aliases.token_endpoint}, when the metadata has it (RFC 8705 §5). */
    private Optional<String> mtlsAlias() {
        JsonValue aliases = document.get(MTLS_ALIASES);
        if (aliases == null || aliases.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(aliases instanceof JsonObject object)) {
            throw problem("has a '" + MTLS_ALIASES + "' that is not a JSON object (RFC 8705 section 5)");
        }
        return text(object.get("token_endpoint"));
    }

    /** When the member is present, it must be an array of strings that holds {@code wanted}. */
    private void checkListed(String member, String wanted, String fix) {
        if (!document.containsKey(member) || document.isNull(member)) {
            return;
        }
        List<String> listed = strings(member);
        if (!listed.contains(wanted)) {
            throw problem("lists " + member + " " + OAuth2Settings.printable(listed.toString()) + " without "
                    + wanted + "; " + fix);
        }
    }

    private List<String> strings(String member) {
        JsonValue value = document.get(member);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(JsonString.class::isInstance)) {
            throw problem("has a '" + member + "' that is not an array of strings (RFC 8414 section 2)");
        }
        List<String> strings = new ArrayList<>();
        array.forEach(v -> strings.add(((JsonString) v).getString()));
        return strings;
    }

    private Optional<String> string(String member) {
        return text(document.get(member));
    }

    /** A non-empty JSON string's text. */
    private static Optional<String> text(JsonValue value) {
        return value instanceof JsonString s && !s.getString().isEmpty() ? Optional.of(s.getString()) : Optional.empty();
    }

    private ProviderConfigurationException problem(String what) {
        return new ProviderConfigurationException(providerId, "issuer discovery: the metadata at " + address + " "
                + what);
    }
}
