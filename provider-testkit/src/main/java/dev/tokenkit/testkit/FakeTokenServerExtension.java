package dev.tokenkit.testkit;

import dev.tokenkit.emulators.FakeTokenServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link FakeTokenServer} for each test and closes it afterwards. Declare a
 * {@code FakeTokenServer} parameter on a test or lifecycle method to receive it:
 *
 * <pre>{@code
 * @ExtendWith(FakeTokenServerExtension.class)
 * class MyProviderTest {
 *     @Test
 *     void fetches(FakeTokenServer server) {
 *         server.enqueue(FakeResponse.ok("{\"access_token\":\"t\",\"expires_in\":60}"));
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class FakeTokenServerExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeTokenServerExtension.class);

    /** Creates the extension (JUnit instantiates it). */
    public FakeTokenServerExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeTokenServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        FakeTokenServer server = store.get(FakeTokenServer.class, FakeTokenServer.class);
        if (server == null) {
            server = FakeTokenServer.start();
            store.put(FakeTokenServer.class, server);
        }
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FakeTokenServer server = context.getStore(NAMESPACE).remove(FakeTokenServer.class, FakeTokenServer.class);
        if (server != null) {
            server.close();
        }
    }
}
