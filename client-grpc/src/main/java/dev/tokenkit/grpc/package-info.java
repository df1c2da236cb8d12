/**
 * {@link dev.tokenkit.grpc.TokenCallCredentials} and {@link dev.tokenkit.grpc.TokenReplayInterceptor}:
 * a {@link dev.tokenkit.TokenSource}'s token on every gRPC call, and an {@code UNAUTHENTICATED}
 * unary call healed once.
 */
package dev.tokenkit.grpc;
