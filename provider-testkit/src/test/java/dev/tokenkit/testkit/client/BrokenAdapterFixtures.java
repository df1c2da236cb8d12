package dev.tokenkit.testkit.client;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

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
                    AccessToken token = source.token();
                    HttpResponse<String> response = send(call, token);
                    for (int i = 0; i < 4 && rejects(response) && replayable(call); i++) {
                        source.invalidate(token);
                        token = source.token();
                        response = send(call, token);
                    }
                    if (rejects(response) && !replayable(call)) {
                        source.invalidate(token);
                    }
                    return answer(response);
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
                boolean rejects(HttpResponse<?> response) {
                    return super.rejects(response) || response.statusCode() == 403;
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
                boolean rejects(HttpResponse<?> response) {
                    return response.statusCode() == 401;
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
                HttpResponse<String> send(Call call, AccessToken token) throws Exception {
                    LOG.log(System.Logger.Level.DEBUG, "sending " + call + " with " + token.authorizationHeader());
                    return super.send(call, token);
                }
            };
        }
    }
}
