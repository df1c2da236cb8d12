package dev.tokenkit.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Producers and consumers of strings that log in with SASL/OAUTHBEARER through a given handler. */
final class KafkaClients {
    private KafkaClients() {
    }

    static Properties sasl(String bootstrap, Class<?> handler, String jaasOptions) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        props.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS, handler);
        props.put(SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required " + jaasOptions + ";");
        return props;
    }

    static KafkaProducer<String, String> producer(Properties sasl) {
        Properties props = new Properties();
        props.putAll(sasl);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** A consumer assigned the topic's one partition from its beginning (no group: nothing to wait for). */
    static KafkaConsumer<String, String> consumer(Properties sasl, String topic) {
        Properties props = new Properties();
        props.putAll(sasl);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        return consumer;
    }

    /** Polls until {@code count} records came or the deadline passed; returns their values. */
    static List<String> poll(KafkaConsumer<String, String> consumer, int count, Duration within) {
        Instant deadline = Instant.now().plus(within);
        List<String> values = new ArrayList<>();
        while (values.size() < count && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
        }
        return values;
    }

    /** The sum of a client's metric over all its groups and tags, e.g. {@code successful-reauthentication-total}. */
    static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            if (e.getKey().name().equals(name) && e.getValue().metricValue() instanceof Double value) {
                sum += value;
            }
        }
        return sum;
    }
}
