package dev.tokenkit.oauth2;

import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.AUDIENCE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.AUTH_METHOD;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CLIENT_ID;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.CLIENT_SECRET;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.EXTRA_PARAMS;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.ISSUER;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.RESOURCE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.SCOPE;
import static dev.tokenkit.oauth2.OAuth2TokenProviderFactory.TOKEN_URL;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider's options, checked: exactly one of {@code token-url} and {@code issuer}, a known
 * {@code auth-method}, scopes that are RFC 6749 §3.3 scope tokens, resources that are absolute
 * URIs without a fragment (RFC 8707 §2), and extra parameters that are form-encoded and do not
 * name a parameter the grant sends itself. Every problem is reported at once, in one
 * {@link ProviderConfigurationException}, before anything is sent.
 */
final class OAuth2Settings {
    /** RFC 6749 §3.3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
    private static final String SCOPE_TOKEN = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";
    /** The parameters the grant sends itself, and the option that sets each instead. */
    private static final Map<String, String> GRANT_PARAMETERS = grantParameters();

    final URI tokenUrl;
    final URI issuer;
    final String clientId;
    final ClientAuthMethod authMethod;
    /** The client's credentials for each request, as {@link #authMethod} sends them. */
    final ClientAuthentication authentication;
    /** Space-separated scope tokens, or {@code null}. */
    final String scope;
    /** The audience, or {@code null}. */
    final String audience;
    final List<String> resources;
    final Map<String, String> extraParams;
    final boolean allowInsecureHttp;

    private OAuth2Settings(URI tokenUrl, URI issuer, String clientId, ClientAuthMethod authMethod,
                           ClientAuthentication authentication, String scope, String audience, List<String> resources, Map<String, String> extraParams,
                           boolean allowInsecureHttp) {
        this.tokenUrl = tokenUrl;
        this.issuer = issuer;
        this.clientId = clientId;
        this.authMethod = authMethod;
        this.authentication = authentication;
        this.scope = scope;
        this.audience = audience;
        this.resources = resources;
        this.extraParams = extraParams;
        this.allowInsecureHttp = allowInsecureHttp;
    }

    /**
     * Reads and checks a validated configuration.
     *
     * @param config the configuration, validated against the provider's descriptor
     * @param descriptor the provider's descriptor, for its id and its options' environment variables
     * @param clock the provider's clock, for certificate validity and assertion times
     * @param clientCertificate the certificate the transport presents for mutual TLS, if any
     * @return the settings
     * @throws ProviderConfigurationException naming every problem and its fix
     */
    static OAuth2Settings from(ProviderConfig config, ProviderDescriptor descriptor, InstantSource clock,
                               Optional<X509Certificate> clientCertificate) {
        String id = descriptor.id();
        List<String> problems = new ArrayList<>();
        URI tokenUrl = config.has(TOKEN_URL) ? config.uri(TOKEN_URL) : null;
        URI issuer = config.has(ISSUER) ? config.uri(ISSUER) : null;
        if (tokenUrl != null && issuer != null) {
            problems.add("options '" + TOKEN_URL + "' and '" + ISSUER + "' are both set; set one of them: '"
                    + TOKEN_URL + "' for a known token endpoint, or '" + ISSUER + "' to discover it from the"
                    + " authorization server's metadata");
        } else if (tokenUrl == null && issuer == null) {
            problems.add("neither option '" + TOKEN_URL + "' nor '" + ISSUER + "' is set; set '" + TOKEN_URL
                    + "' to the token endpoint (e.g. https://example.auth0.com/oauth/token; environment variable "
                    + environmentVariable(descriptor, TOKEN_URL) + ") or '" + ISSUER
                    + "' to discover it (e.g. https://example.okta.com/oauth2/default; environment variable "
                    + environmentVariable(descriptor, ISSUER) + ")");
        }
        ClientAuthMethod authMethod = ClientAuthMethod.of(config.string(AUTH_METHOD)).orElse(null);
        if (authMethod == null) {
            problems.add("option '" + AUTH_METHOD + "' has value '" + printable(config.string(AUTH_METHOD))
                    + "'; use one of " + ClientAuthMethod.all() + " (client_secret_basic, HTTP Basic, is the default)");
        }
        String clientId = config.string(CLIENT_ID);
        ClientAuthentication authentication = authMethod == null ? null
                : ClientAuthOptions.from(config, descriptor, authMethod, clientId, issuer, clock, clientCertificate,
                        problems);
        if (authMethod != null && authMethod.usesClientCertificate() && tokenUrl != null
                && !tokenUrl.getScheme().equalsIgnoreCase("https")) {
            problems.add("option '" + TOKEN_URL + "' is " + tokenUrl.getScheme() + "://" + tokenUrl.getHost() + ", but "
                    + AUTH_METHOD + "=" + authMethod.optionValue() + " presents the client certificate in the TLS"
                    + " handshake, which plain http has not; set an https token endpoint");
        }
        String scope = config.find(SCOPE).map(value -> scope(value, problems)).orElse(null);
        List<String> resources = config.find(RESOURCE).map(value -> resources(value, problems)).orElse(List.of());
        Map<String, String> extraParams = config.find(EXTRA_PARAMS).map(value -> extraParams(value, problems))
                .orElse(Map.of());
        if (!problems.isEmpty()) {
            throw new ProviderConfigurationException(id, "invalid configuration: " + String.join("; ", problems));
        }
        return new OAuth2Settings(tokenUrl, issuer, clientId, authMethod, authentication, scope, config.find(AUDIENCE).orElse(null), resources, extraParams,
                config.bool(ProviderDescriptor.ALLOW_INSECURE_HTTP.name()));
    }

    /** The scope tokens, separated by single spaces; whitespace of any kind and length separates them. */
    private static String scope(String value, List<String> problems) {
        List<String> tokens = new ArrayList<>();
        for (String token : value.strip().split("\\s+")) {
            if (!token.matches(SCOPE_TOKEN)) {
                problems.add("option '" + SCOPE + "' holds '" + printable(token) + "', which is not a scope token"
                        + " (RFC 6749 section 3.3: printable ASCII without quotes or backslashes); separate scopes"
                        + " by spaces, e.g. 'read write'");
            }
            tokens.add(token);
        }
        return String.join(" ", tokens);
    }

    private static List<String> resources(String value, List<String> problems) {
        List<String> resources = new ArrayList<>();
        for (String resource : value.strip().split("\\s+")) {
            String problem;
            try {
                URI uri = new URI(resource);
                problem = !uri.isAbsolute() ? "is not an absolute URI"
                        : uri.getRawFragment() != null ? "has a fragment" : null;
            } catch (URISyntaxException e) {
                problem = "is not a URI (" + e.getReason() + ")";
            }
            if (problem != null) {
                problems.add("option '" + RESOURCE + "' holds '" + printable(resource) + "', which " + problem
                        + "; a resource indicator is an absolute URI without a fragment (RFC 8707 section 2), e.g."
                        + " https://api.example.com; separate several by spaces");
            }
            resources.add(resource);
        }
        return Collections.unmodifiableList(resources);
    }

    /** {@code name=value&name2=value2}, form-decoded. Values are never quoted in messages. */
    private static Map<String, String> extraParams(String value, List<String> problems) {
        Map<String, String> params = new LinkedHashMap<>();
        String[] items = value.strip().split("&");
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            if (item.isEmpty()) {
                continue;
            }
            String where = "option '" + EXTRA_PARAMS + "', item " + (i + 1);
            int eq = item.indexOf('=');
            String name;
            String decoded;
            try {
                name = URLDecoder.decode(eq < 0 ? item : item.substring(0, eq), StandardCharsets.UTF_8);
                decoded = eq < 0 ? null : URLDecoder.decode(item.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                problems.add(where + " is not form-encoded (a '%' must start an escape such as %20); write"
                        + " name=value&name2=value2, percent-encoding '&', '=', '%' and '+' inside names and values");
                continue;
            }
            if (name.isBlank() || decoded == null) {
                problems.add(where + (name.isBlank() ? " has no name" : " ('" + printable(name) + "') has no '='")
                        + "; write name=value&name2=value2");
            } else if (GRANT_PARAMETERS.containsKey(name)) {
                problems.add(where + " names '" + name + "', which the grant sends itself; "
                        + GRANT_PARAMETERS.get(name));
            } else if (params.putIfAbsent(name, decoded) != null) {
                problems.add(where + " names '" + printable(name) + "' again; a parameter is sent once (RFC 6749"
                        + " section 3.2)");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    private static Map<String, String> grantParameters() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("grant_type", "it is always client_credentials");
        names.put("client_id", "set option '" + CLIENT_ID + "' instead");
        names.put("client_secret", "set option '" + CLIENT_SECRET + "' instead");
        names.put("client_assertion", "set option '" + AUTH_METHOD + "' to private_key_jwt or client_secret_jwt");
        names.put("client_assertion_type", "set option '" + AUTH_METHOD + "' to private_key_jwt or client_secret_jwt");
        names.put("scope", "set option '" + SCOPE + "' instead");
        names.put("audience", "set option '" + AUDIENCE + "' instead");
        names.put("resource", "set option '" + RESOURCE + "' instead");
        return Collections.unmodifiableMap(names);
    }

    /** Configuration text made safe for a message: printable ASCII, at most 100 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 100; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 100 ? out + "..." : out.toString();
    }

    private static String environmentVariable(ProviderDescriptor descriptor, String option) {
        return descriptor.option(option).orElseThrow().environmentVariable(descriptor.id());
    }
}
