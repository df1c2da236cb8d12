package dev.tokenkit.grpc;

import dev.tokenkit.TokenSource;
import dev.tokenkit.grpc.contract.GrpcAdapterContract;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;

/** tokenkit's own integration passes the gRPC contract: the interceptor, which puts the credentials itself. */
class GrpcContractTest extends GrpcAdapterContract {
    @Override
    protected Client client(Channel channel, TokenSource source) {
        return Client.over(ClientInterceptors.intercept(channel, new TokenReplayInterceptor(source)));
    }
}
