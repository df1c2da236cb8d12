package dev.tokenkit.grpc.contract;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenSource;
import dev.tokenkit.grpc.TokenCallCredentials;
import dev.tokenkit.grpc.TokenReplayInterceptor;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deliberately broken gRPC integrations, each with one defect, for {@link GrpcContractSelfTest}.
 * Each is tokenkit's own integration with the defect added on top, so that it fails only the
 * checks that target that defect. Not run by Surefire directly (nested classes).
 */
final class BrokenGrpcFixtures {
    private BrokenGrpcFixtures() {
    }

    /** tokenkit's integration, the base every fixture breaks. */
    static GrpcAdapterContract.Client sound(Channel channel, TokenSource source) {
        return GrpcAdapterContract.Client.over(ClientInterceptors.intercept(channel, new TokenReplayInterceptor(source)));
    }

    /** Calls a unary method again while it is answered {@code status}, up to {@code attempts} times in all. */
    private static GrpcAdapterContract.Client retrying(GrpcAdapterContract.Client base, Status.Code status, int attempts) {
        return new GrpcAdapterContract.Client() {
            @Override
            public String unary(GrpcAdapterContract.Request request) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        return base.unary(request);
                    } catch (StatusRuntimeException e) {
                        if (e.getStatus().getCode() != status || attempt == attempts) {
                            throw e;
                        }
                    }
                }
            }

            @Override
            public List<String> serverStreaming(GrpcAdapterContract.Request request) {
                return base.serverStreaming(request);
            }
        };
    }

    /** Retries a unary call while the server answers UNAUTHENTICATED (five calls in all): a loop. */
    static class LoopingFixture extends GrpcAdapterContract {
        @Override
        protected Client client(Channel channel, TokenSource source) {
            return retrying(sound(channel, source), Status.Code.UNAUTHENTICATED, 5);
        }
    }

    /** Retries a unary call answered PERMISSION_DENIED once. */
    static class ForbiddenRetrierFixture extends GrpcAdapterContract {
        @Override
        protected Client client(Channel channel, TokenSource source) {
            return retrying(sound(channel, source), Status.Code.PERMISSION_DENIED, 2);
        }
    }

    /**
     * Gets its token by blocking the thread that starts the call (grpc-java's transport thread, or
     * the caller's) until the source's fetch ends, as credentials that call {@code token()} in
     * {@code applyRequestMetadata} do.
     */
    static class BlockingFixture extends GrpcAdapterContract {
        @Override
        protected Client client(Channel channel, TokenSource source) {
            return sound(channel, new BlockingSource(source));
        }
    }

    /** Reports a failed token fetch as UNAUTHENTICATED, as if the server had rejected a token. */
    static class UnauthenticatedOnFailureFixture extends GrpcAdapterContract {
        @Override
        protected Client client(Channel channel, TokenSource source) {
            Client base = sound(channel, source);
            return new Client() {
                @Override
                public String unary(Request request) {
                    try {
                        return base.unary(request);
                    } catch (StatusRuntimeException e) {
                        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                            throw e;
                        }
                        throw Status.UNAUTHENTICATED.withDescription(e.getStatus().getDescription())
                                .withCause(e.getStatus().getCause()).asRuntimeException();
                    }
                }

                @Override
                public List<String> serverStreaming(Request request) {
                    return base.serverStreaming(request);
                }
            };
        }
    }

    /** Puts the token on every call (TokenCallCredentials alone) but neither invalidates nor replays. */
    static class NeverReplaysFixture extends GrpcAdapterContract {
        @Override
        protected Client client(Channel channel, TokenSource source) {
            TokenCallCredentials credentials = TokenCallCredentials.of(source);
            ClientInterceptor withCredentials = new ClientInterceptor() {
                @Override
                public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
                                                                           CallOptions options, Channel next) {
                    return next.newCall(method, options.withCallCredentials(credentials));
                }
            };
            return Client.over(ClientInterceptors.intercept(channel, withCredentials));
        }
    }

    /** A source whose {@code tokenAsync()} waits for the token on the calling thread. */
    private static final class BlockingSource implements TokenSource {
        private final TokenSource delegate;

        BlockingSource(TokenSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public String providerId() {
            return delegate.providerId();
        }

        @Override
        public AccessToken token() {
            return delegate.token();
        }

        @Override
        public CompletableFuture<AccessToken> tokenAsync() {
            return CompletableFuture.completedFuture(delegate.token());
        }

        @Override
        public void invalidate(AccessToken token) {
            delegate.invalidate(token);
        }

        @Override
        public void invalidate(String authorizationHeader) {
            delegate.invalidate(authorizationHeader);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
