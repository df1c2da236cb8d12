package dev.tokenkit.oauth2;

import dev.tokenkit.Secret;
import dev.tokenkit.spi.TokenRequest;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code private_key_jwt} with an assertion made by someone else (a Kubernetes-projected service
 * account token, a workload identity token): asked for anew for every request, so a rotating
 * assertion is always the current one, and never kept.
 */
final class PremadeAssertion implements ClientAuthentication {
    private final String clientId;
    private final Supplier<Secret> assertion;

    PremadeAssertion(String clientId, Supplier<Secret> assertion) {
        this.clientId = clientId;
        this.assertion = assertion;
    }

    @Override
    public void authenticate(TokenRequest.Builder request, Map<String, Object> form, URI endpoint) {
        form.put("client_id", clientId);
        form.put("client_assertion_type", SignedAssertion.ASSERTION_TYPE);
        form.put("client_assertion", assertion.get());
    }
}
