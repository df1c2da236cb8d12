/**
 * tokenkit for Kafka: {@link dev.tokenkit.kafka.TokenLoginCallbackHandler}, a SASL/OAUTHBEARER
 * login callback handler that answers Kafka's login with a token source's token.
 *
 * <p>kafka-clients ships no module descriptor and names no automatic module; its jar is the
 * automatic module {@code kafka.clients}. The application brings it: this module requires it
 * for compilation and at run time, but does not pull it in through Maven.
 */
module dev.tokenkit.kafka {
    requires transitive dev.tokenkit;
    // AuthenticateCallbackHandler is in the API
    requires transitive kafka.clients;

    exports dev.tokenkit.kafka;
}
