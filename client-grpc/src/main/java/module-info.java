/**
 * tokenkit for grpc-java: {@link dev.tokenkit.grpc.TokenCallCredentials} put a token source's
 * token on every call without blocking a transport thread, and
 * {@link dev.tokenkit.grpc.TokenReplayInterceptor} heals a unary call whose token the server
 * rejects, once.
 *
 * <p>grpc-java's jars have no {@code module-info}; {@code grpc-api} is the automatic module
 * {@code io.grpc} (its {@code Automatic-Module-Name}).
 */
module dev.tokenkit.grpc {
    requires transitive dev.tokenkit;
    // CallCredentials and ClientInterceptor are in the API
    requires transitive io.grpc;

    exports dev.tokenkit.grpc;
}
