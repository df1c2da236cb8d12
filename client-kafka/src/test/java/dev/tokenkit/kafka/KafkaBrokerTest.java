package dev.tokenkit.kafka;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.testkit.docs.MarkdownSnippets;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records produced and consumed through a real Kafka 4 broker (KRaft, in this JVM) that
 * authenticates every connection by a JWT it validates against the token server's JWK Set, the
 * clients logging in with {@link TokenLoginCallbackHandler} configured through the JAAS options.
 * One broker and one token server for the class.
 */
@Timeout(120)
class KafkaBrokerTest {
    /**
     * Short, so that a test sees Kafka log in again with a new token; long enough that the source
     * refreshes ahead (at 10 s, its floor) before Kafka's login at 80-85 % of the lifetime, so that
     * no connection is left re-authenticating with a token a second from its expiry: the broker
     * refuses a second re-authentication within one second.
     */
    static final Duration LIFETIME = Duration.ofSeconds(15);
    /** The broker makes clients authenticate again this often (at most until their token expires). */
    static final Duration REAUTHENTICATION = Duration.ofSeconds(3);
    private static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    private static final String SECRET = "orders-secret-3f9c";
    private static final String REAUTHENTICATIONS = "successful-reauthentication-total";

    static JwtServer idp;
    static KraftBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        idp = JwtServer.start(LIFETIME);
        // Kafka 4 reads JWK Sets and token endpoints only at the addresses this property allows
        System.setProperty(ALLOWED_URLS, idp.jwksUrl());
        broker = KraftBroker.start(idp.jwksUrl(), idp.issuer(), JwtServer.AUDIENCE, REAUTHENTICATION);
        System.out.println("KRaft broker started in " + broker.startupTime().toMillis() + " ms (process CPU "
                + broker.startupCpu().toMillis() + " ms)");
    }

    @AfterAll
    static void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            idp.close();
            System.clearProperty(ALLOWED_URLS);
        }
    }

    private String jaas(String scope) throws Exception {
        Path secret = Files.writeString(tmp.resolve("client-secret"), SECRET + "\n");
        return "provider=\"oauth2\" token-url=\"" + idp.tokenUrl() + "\" client-id=\"orders\""
                + " client-secret=\"@" + secret + "\" scope=\"" + scope + "\"";
    }

    @Test
    @DisplayName("the docs' JAAS example: a record produced and consumed through the broker, producer and consumer sharing one login")
    void produceAndConsume() throws Exception {
        Path secret = Files.writeString(tmp.resolve("client-secret"), SECRET + "\n");
        Properties sasl = KafkaClients.sasl(broker.bootstrap(), TokenLoginCallbackHandler.class, jaas(JwtServer.KAFKA_SCOPE));
        int before = idp.tokenRequests();
        try (KafkaProducer<String, String> producer = KafkaExamples.jaasProducer(broker.bootstrap(), "SASL_PLAINTEXT",
                idp.tokenUrl(), secret);
             KafkaConsumer<String, String> consumer = KafkaClients.consumer(sasl, "orders")) {
            producer.send(new ProducerRecord<>("orders", "o-1", "first order")).get(30, TimeUnit.SECONDS);

            assertThat(KafkaClients.poll(consumer, 1, Duration.ofSeconds(30))).containsExactly("first order");
        }
        assertThat(idp.tokenRequests() - before).as("a token per Kafka login: one, shared, as their sasl.* settings are equal")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("the docs' Java example: producer and consumer log in through one shared TokenSource, one token request")
    void sharedSource() throws Exception {
        int before = idp.tokenRequests();
        try (TokenSource source = TokenProviders.load().source("oauth2", ProviderConfig.builder()
                .put("token-url", idp.tokenUrl()).put("client-id", "orders").putSecret("client-secret", SECRET)
                .put("scope", JwtServer.KAFKA_SCOPE).build())) {
            KafkaExamples.orders = source;
            Properties sasl = KafkaExamples.sharedSourceLogin(broker.bootstrap(), "SASL_PLAINTEXT");
            try (KafkaProducer<String, String> producer = KafkaClients.producer(sasl);
                 KafkaConsumer<String, String> consumer = KafkaClients.consumer(sasl, "shared")) {
                producer.send(new ProducerRecord<>("shared", "s-1", "shared token")).get(30, TimeUnit.SECONDS);

                assertThat(KafkaClients.poll(consumer, 1, Duration.ofSeconds(30))).containsExactly("shared token");
            }
            assertThat(source.token().value()).as("Kafka closed its handlers, not the source").isNotEmpty();
        } finally {
            KafkaExamples.orders = null;
        }
        assertThat(idp.tokenRequests() - before).as("one token for both logins").isEqualTo(1);
    }

    @Test
    @DisplayName("the snippets in docs/integrations.md are the examples these tests run")
    void snippetsMatch() {
        assertThat(MarkdownSnippets.check(Path.of("..", "docs", "integrations.md"),
                Path.of("src", "test", "java", "dev", "tokenkit", "kafka")))
                .containsExactly("kafka-jaas", "kafka-source", "kafka-source-login");
    }

    @Test
    @DisplayName("records keep flowing across token refreshes: Kafka logs in again with a new token, the broker re-authenticates, no storm")
    void acrossRefresh() throws Exception {
        Properties sasl = KafkaClients.sasl(broker.bootstrap(), TokenLoginCallbackHandler.class, jaas(JwtServer.KAFKA_SCOPE));
        int before = idp.tokenRequests();
        Instant start = Instant.now();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(sasl);
             KafkaConsumer<String, String> consumer = KafkaClients.consumer(sasl, "refresh")) {
            producer.send(new ProducerRecord<>("refresh", "first")).get(30, TimeUnit.SECONDS);
            Traffic traffic = new Traffic(producer, consumer, Instant.now().plusSeconds(60));

            // the login (the producer and the consumer share it) takes a token, then a new one before it expires
            traffic.until(() -> idp.tokenRequests() >= before + 2);
            double producerLogins = KafkaClients.metric(producer.metrics(), REAUTHENTICATIONS);
            double consumerLogins = KafkaClients.metric(consumer.metrics(), REAUTHENTICATIONS);
            // and both connections authenticate again with the broker, with the new tokens
            traffic.until(() -> KafkaClients.metric(producer.metrics(), REAUTHENTICATIONS) > producerLogins
                    && KafkaClients.metric(consumer.metrics(), REAUTHENTICATIONS) > consumerLogins);
            producer.send(new ProducerRecord<>("refresh", "after")).get(30, TimeUnit.SECONDS);
            consumer.seekToBeginning(consumer.assignment());

            List<String> values = KafkaClients.poll(consumer, traffic.sent() + 2, Duration.ofSeconds(30));
            assertThat(values).hasSize(traffic.sent() + 2).startsWith("first").endsWith("after");
        }
        Duration elapsed = Duration.between(start, Instant.now());
        long lifetimes = elapsed.toMillis() / LIFETIME.toMillis() + 1;
        assertThat(idp.tokenRequests() - before).as("tokens over %s: a new one per lifetime, no storm", elapsed)
                .isBetween(2, (int) lifetimes + 1);
    }

    /** Records sent and polled, so that both clients' connections stay in use while a test waits. */
    private static final class Traffic {
        private final KafkaProducer<String, String> producer;
        private final KafkaConsumer<String, String> consumer;
        private final Instant deadline;
        private int sent;

        Traffic(KafkaProducer<String, String> producer, KafkaConsumer<String, String> consumer, Instant deadline) {
            this.producer = producer;
            this.consumer = consumer;
            this.deadline = deadline;
        }

        /** Sends and polls until the condition holds; fails at the deadline. Each poll waits at most 200 ms. */
        void until(BooleanSupplier condition) {
            while (!condition.getAsBoolean()) {
                assertThat(Instant.now()).as("the condition held by the deadline").isBefore(deadline);
                producer.send(new ProducerRecord<>("refresh", "during-" + sent++));
                consumer.poll(Duration.ofMillis(200));
            }
        }

        int sent() {
            return sent;
        }
    }

    @Test
    @DisplayName("a token the broker rejects (another audience) fails the send with Kafka's authentication error, in time")
    void wrongAudience() throws Exception {
        Properties sasl = KafkaClients.sasl(broker.bootstrap(), TokenLoginCallbackHandler.class, jaas(JwtServer.OTHER_SCOPE));
        try (KafkaProducer<String, String> producer = KafkaClients.producer(sasl)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "never")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid_token");
        }
    }
}
