package dev.tokenkit.testkit.client;

import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.HttpClientAdapterContract;

/** The kit's own sample integration passes the kit. */
class SampleAdapterContractTest extends HttpClientAdapterContract {
    @Override
    protected Client client(TokenSource source) {
        return new SampleAdapter(source);
    }
}
