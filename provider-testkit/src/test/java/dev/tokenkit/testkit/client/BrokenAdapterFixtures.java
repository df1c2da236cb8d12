package dev.tokenkit.testkit.client;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenReplay;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Integrations with one defect each, known from the libraries the issue names, for
 * {@link ClientContractSelfTest}. Not run on their own (their names do not end in {@code Test}).
 */
final class BrokenAdapterFixtures {
    private BrokenAdapterFixtures() {
    }

    /** Retries while the answer is a 401 (OkHttp users' Authenticator that never gives up, okhttp #3984). */
    static final class LoopingFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                public Answer send(Call call) throws Exception {
                    String sent = source.token().authorizationHeader();
                    Sent answer = send(call, sent);
                    for (int i = 0; i < 4 && rejects(sent, answer) && replayable(call); i++) {
                        source.invalidate(sent);
                        sent = source.token().authorizationHeader();
                        answer = send(call, sent);
                    }
                    if (rejects(sent, answer) && !replayable(call)) {
                        source.invalidate(sent);
                    }
                    return answer(answer);
                }
            };
        }
    }

    /** Treats a 403 as a rejected token. */
    static final class ForbiddenRetrierFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                boolean rejects(String sent, Sent answer) {
                    return super.rejects(sent, answer) || answer.response().statusCode() == 403;
                }
            };
        }
    }

    /** Treats every 401 as a rejected token, insufficient_scope included. */
    static final class ScopeBlindFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                boolean rejects(String sent, Sent answer) {
                    return sent.equals(answer.carried()) && answer.response().statusCode() == 401;
                }
            };
        }
    }

    /** Replays one-shot bodies too. */
    static final class OneShotReplayerFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                boolean replayable(Call call) {
                    return true;
                }
            };
        }
    }

    /** Forces a refetch on every 401, whatever token it came back for (google-auth's HttpCredentialsAdapter). */
    static final class StormFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                Optional<AccessToken> replacement(String sent) {
                    source.invalidate(source.token());
                    return Optional.of(source.token());
                }
            };
        }
    }

    /** Invalidates but never replays (Spring Security's OAuth2ClientHttpRequestInterceptor). */
    static final class NeverReplaysFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                Optional<AccessToken> replacement(String sent) {
                    source.invalidate(sent);
                    return Optional.empty();
                }
            };
        }
    }

    /** Logs the header it sends. */
    static final class LeakyFixture extends HttpClientAdapterContract {
        private static final System.Logger LOG = System.getLogger("dev.tokenkit.sample.leaky");

        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                Sent send(Call call, String header) throws Exception {
                    LOG.log(System.Logger.Level.DEBUG, "sending " + call + " with " + header);
                    return super.send(call, header);
                }
            };
        }
    }

    /**
     * Follows redirects with the header to any origin (what the JDK 17 client does with
     * {@code followRedirects(NORMAL)}: the API's redirect hands the token to another server).
     */
    static final class RedirectLeakFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                boolean carriesTo(URI addressed, URI target) {
                    return true;
                }
            };
        }
    }

    /**
     * Keeps the token on its origin, but takes any 401 for a rejection of the token it sent,
     * whatever the answered request carried (a 401 from a redirect's target on another origin
     * then drives a refetch and a replay).
     */
    static final class ForeignRejectionFixture extends HttpClientAdapterContract {
        @Override
        protected Client client(TokenSource source) {
            return new SampleAdapter(source) {
                @Override
                boolean rejects(String sent, Sent answer) {
                    HttpResponse<String> response = answer.response();
                    return TokenReplay.rejectsToken(sent, sent, response.statusCode(),
                            response.headers().allValues(TokenReplay.WWW_AUTHENTICATE));
                }
            };
        }
    }
}
