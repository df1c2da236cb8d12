package dev.tokenkit.internal;

import dev.tokenkit.AccessToken;

import java.time.Instant;

/** Which of two tokens for one key is the newer, when nothing says which was fetched later. */
public final class TokenOrder {
    private TokenOrder() {
    }

    /**
     * Whether {@code offered} is newer than {@code stored}: it expires later, or it is the same
     * token (same value) stated later, i.e. issued later. The second case matters for endpoints
     * that re-issue a cached token with its remaining lifetime in whole seconds: the later
     * statement may round to an earlier expiry, and is still the one to keep.
     *
     * @param offered a token with an expiry
     * @param stored  a token with an expiry
     * @return {@code true} when {@code offered} should replace {@code stored}
     */
    public static boolean supersedes(AccessToken offered, AccessToken stored) {
        Instant o = offered.expiresAt().orElse(Instant.MIN);
        Instant s = stored.expiresAt().orElse(Instant.MIN);
        return o.isAfter(s) || (offered.sameValueAs(stored) && offered.issuedAt().isAfter(stored.issuedAt()));
    }
}
