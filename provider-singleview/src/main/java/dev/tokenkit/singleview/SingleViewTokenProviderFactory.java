package dev.tokenkit.singleview;

import com.google.auto.service.AutoService;
import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.InvalidCredentialsException;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.Secret;
import dev.tokenkit.TokenProvider;
import dev.tokenkit.TokenRequestRejectedException;
import dev.tokenkit.spi.JsonFields;
import dev.tokenkit.spi.JsonTokenProvider;
import dev.tokenkit.spi.ProviderContext;
import dev.tokenkit.spi.TokenProviderFactory;
import dev.tokenkit.spi.TokenRequest;
import dev.tokenkit.spi.TokenResponse;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SingleView provider, id {@code singleview}.
 *
 * <p>Sends {@code POST {base-url}/v1/api/svplatform/token} with headers {@code CompanyId},
 * {@code SVReferenceID}, {@code DateTimeStamp} ({@code yyyy-MM-dd'T'HH:mm:ss} from the clock, in
 * {@code timestamp-zone}) and {@code Device}, and body
 * {@code {"clientId":…,"clientCode":…,"grant_type":"client_credentials"}}; reads
 * {@code {"access_token":…,"token_type":…,"expires_in":"6000"}}, where {@code expires_in} may be
 * a string or a number. The failure envelope {@code {"success":false,"payload":{},"message":…}}
 * is a failure whatever the HTTP status: the documented "Connect Refused" means the vendor is
 * down, so it is retryable. When the token is a JWT whose {@code exp} is earlier than
 * {@code expires_in} says (as in the vendor's sample), the earlier expiry wins.
 */
@AutoService(TokenProviderFactory.class)
public final class SingleViewTokenProviderFactory implements TokenProviderFactory {
    /** The provider id. */
    static final String ID = "singleview";
    /** Option: base URL of the SingleView API (the vendor documents no public host). */
    static final String BASE_URL = "base-url";
    /** Option: the client id. */
    static final String CLIENT_ID = "client-id";
    /** Option: the client code (secret). */
    static final String CLIENT_CODE = "client-code";
    /** Option: the {@code CompanyId} header. */
    static final String COMPANY_ID = "company-id";
    /** Option: the {@code SVReferenceID} header. */
    static final String REFERENCE_ID = "reference-id";
    /** Option: the {@code Device} header. */
    static final String DEVICE = "device";
    /** Option: the zone of the {@code DateTimeStamp} header. */
    static final String TIMESTAMP_ZONE = "timestamp-zone";
    /** The token endpoint's path. */
    static final String TOKEN_PATH = "/v1/api/svplatform/token";
    /** The format of the {@code DateTimeStamp} header. */
    static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .displayName("SingleView")
            .description("SingleView platform APIs: client credentials plus company and reference headers"
                    + " exchanged for a bearer token.")
            .option(ConfigOption.builder(BASE_URL, ConfigOption.Type.URI).required()
                    .description("Base URL of the SingleView API, e.g. https://sv.example.com.").build())
            .option(ConfigOption.builder(CLIENT_ID, ConfigOption.Type.STRING).required()
                    .description("Client id (JSON clientId).").build())
            .option(ConfigOption.builder(CLIENT_CODE, ConfigOption.Type.STRING).required().secret()
                    .description("Client secret code (JSON clientCode).").build())
            .option(ConfigOption.builder(COMPANY_ID, ConfigOption.Type.STRING).required()
                    .description("Company id, sent as the CompanyId header.").build())
            .option(ConfigOption.builder(REFERENCE_ID, ConfigOption.Type.STRING).required()
                    .description("Reference id, sent as the SVReferenceID header.").build())
            .option(ConfigOption.builder(DEVICE, ConfigOption.Type.STRING).defaultValue("Web")
                    .description("Device, sent as the Device header.").build())
            .option(ConfigOption.builder(TIMESTAMP_ZONE, ConfigOption.Type.STRING).defaultValue("UTC")
                    .description("Time zone of the DateTimeStamp header (yyyy-MM-dd'T'HH:mm:ss), e.g. UTC or Asia/Kolkata.").build())
            .build();

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public SingleViewTokenProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TokenProvider create(ProviderConfig config, ProviderContext context) {
        return new SingleViewTokenProvider(config, context);
    }

    /** One SingleView token request per fetch. */
    static final class SingleViewTokenProvider extends JsonTokenProvider {
        private final URI endpoint;
        private final String clientId;
        private final Secret clientCode;
        private final String companyId;
        private final String referenceId;
        private final String device;
        private final DateTimeFormatter timestamp;

        SingleViewTokenProvider(ProviderConfig config, ProviderContext context) {
            super(context);
            this.endpoint = config.uri(BASE_URL, TOKEN_PATH);
            this.clientId = config.string(CLIENT_ID);
            this.clientCode = config.secret(CLIENT_CODE);
            this.companyId = headerValue(config, COMPANY_ID);
            this.referenceId = headerValue(config, REFERENCE_ID);
            this.device = headerValue(config, DEVICE);
            String zone = config.string(TIMESTAMP_ZONE);
            try {
                this.timestamp = TIMESTAMP_FORMAT.withZone(ZoneId.of(zone));
            } catch (DateTimeException e) {
                throw new ProviderConfigurationException(ID, "option '" + TIMESTAMP_ZONE + "' has value '" + zone
                        + "', which is not a time zone; use e.g. UTC, +05:30 or Asia/Kolkata");
            }
        }

        /** Header values must be printable ASCII: checked before anything is sent. */
        private static String headerValue(ProviderConfig config, String option) {
            String v = config.string(option);
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c >= 0x7f) {
                    throw new ProviderConfigurationException(ID, "option '" + option + "' contains a "
                            + (c == '\r' || c == '\n' ? "CR or LF" : c < 0x20 || c == 0x7f ? "control" : "non-ASCII")
                            + " character at index " + i + "; it is sent as an HTTP header, which can carry only"
                            + " printable ASCII");
                }
            }
            return v;
        }

        @Override
        protected TokenRequest request() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("clientId", clientId);
            body.put("clientCode", clientCode);
            body.put("grant_type", "client_credentials");
            return TokenRequest.post(endpoint)
                    .header("CompanyId", companyId)
                    .header("SVReferenceID", referenceId)
                    .header("DateTimeStamp", timestamp.format(context().clock().instant()))
                    .header("Device", device)
                    .jsonBody(body)
                    .build();
        }

        @Override
        protected void inspect(TokenResponse response, JsonObject body) {
            if (body == null || body.get("success") != JsonValue.FALSE) {
                return;
            }
            JsonValue m = body.get("message");
            String message = m instanceof JsonString s && !s.getString().isBlank()
                    ? "\"" + sanitize(s.getString()) + "\"" : "no message";
            String what = "SingleView failure envelope (HTTP " + response.status() + " from POST " + safe(response.uri())
                    + "): " + message;
            int status = response.status();
            if (status == 401 || status == 403) {
                throw new InvalidCredentialsException(id(), status, what + "; check client-id and client-code");
            }
            if (status >= 400 && status < 500 && status != 429) {
                throw new TokenRequestRejectedException(id(), status, what);
            }
            // 2xx, 429, 5xx: the documented meaning is "service downtime / connection refusal".
            throw new ProviderUnavailableException(id(), status, null, what + "; the service reports it is down", null);
        }

        @Override
        protected AccessToken parse(JsonObject body, TokenResponse response) {
            return token(JsonFields.requireString(body, "access_token"))
                    .type(JsonFields.optionalString(body, "token_type").orElse(null))
                    .expiresIn(JsonFields.lifetime(body, "expires_in").orElse(null))
                    .build();
        }

        @Override
        public String toString() {
            return "SingleViewTokenProvider[" + endpoint + ", client-id=" + clientId + "]";
        }
    }
}
