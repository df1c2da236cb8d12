package dev.tokenkit.kafka;

import dev.tokenkit.TokenSource;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.util.Properties;

/** The examples of docs/integrations.md, run by {@link KafkaBrokerTest} against a real broker. */
final class KafkaExamples {
    /** The application's token source for its Kafka logins: built once, shared by every producer and consumer. */
    static volatile TokenSource orders;

    private KafkaExamples() {
    }

    /** A producer whose login builds its own source from the JAAS options. */
    static KafkaProducer<String, String> jaasProducer(String bootstrap, String securityProtocol, String tokenUrl,
                                                     Path secretFile) {
        // snippet:kafka-jaas
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);   // SASL_SSL in production
        props.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        props.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, TokenLoginCallbackHandler.class);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"
                + " required provider=\"oauth2\" token-url=\"" + tokenUrl + "\" client-id=\"orders\""
                + " client-secret=\"@" + secretFile + "\" scope=\"kafka:write kafka:read\";");
        KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        // end:kafka-jaas
        return producer;
    }

    // snippet:kafka-source
    /** Kafka creates its login handler from a class name: this one hands it the application's source. */
    public static final class OrdersLogin extends TokenLoginCallbackHandler {
        public OrdersLogin() {
            super(orders);
        }
    }
    // end:kafka-source

    /** The SASL settings of every client that logs in through {@link OrdersLogin}. */
    static Properties sharedSourceLogin(String bootstrap, String securityProtocol) {
        // snippet:kafka-source-login
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        props.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        props.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, OrdersLogin.class);
        props.put(SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;");
        // end:kafka-source-login
        return props;
    }
}
