package dev.tokenkit.spring.boot.autoconfigure;

import dev.tokenkit.TokenSourceListener;

/** Makes a listener for each source before it is built (the meters, when Micrometer is present). */
@FunctionalInterface
interface SourceListenerFactory {

    /**
     * A listener for one source.
     *
     * @param source the source's name
     * @return the listener
     */
    TokenSourceListener listener(String source);
}
