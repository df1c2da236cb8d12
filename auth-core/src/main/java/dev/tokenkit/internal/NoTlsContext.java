package dev.tokenkit.internal;

import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of the {@code HttpClient} that only ever sends plain {@code http://} requests:
 * one that refuses to make a TLS connection. An {@code HttpClient} built without a context
 * initialises the JDK's default one (security providers, the {@code cacerts} trust store, cipher
 * suites) when it is created, a start-up cost that a plain request to a loopback endpoint never
 * uses; with this context (and explicit {@link SSLParameters}) it sets up nothing.
 */
final class NoTlsContext {
    private NoTlsContext() {
    }

    /** A context whose every TLS operation throws. */
    static SSLContext create() {
        return new SSLContext(new Refusing(), null, "none") {
        };
    }

    /** Empty parameters: with them, the client does not ask the context for its defaults. */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private static final class Refusing extends SSLContextSpi {
        private static IllegalStateException refused() {
            return new IllegalStateException("TLS is not set up for plain http:// requests;"
                    + " an https:// endpoint goes through the client with the JDK's default TLS context");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
