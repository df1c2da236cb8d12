package dev.tokenkit.oauth2;

import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenRequest;

import java.net.URI;
import java.util.Map;

/**
 * {@code client_secret_basic} (HTTP Basic, RFC 6749 §2.3.1) and {@code client_secret_post}
 * ({@code client_id} and {@code client_secret} in the form).
 */
final class SecretAuthentication implements ClientAuthentication {
    private final boolean basic;
    private final String clientId;
    private final Secret clientSecret;

    SecretAuthentication(boolean basic, String clientId, Secret clientSecret) {
        this.basic = basic;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public void authenticate(TokenRequest.Builder request, Map<String, Object> form, URI endpoint) {
        if (basic) {
            request.clientSecretBasic(clientId, clientSecret);
        } else {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        }
    }
}
