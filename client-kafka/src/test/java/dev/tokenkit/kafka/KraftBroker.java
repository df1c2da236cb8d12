package dev.tokenkit.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real Kafka broker for tests: Kafka's own {@link KafkaRaftServer} in KRaft mode, one node that
 * is broker and controller, in this JVM, on loopback. Clients connect to {@link #bootstrap()}, a
 * SASL_PLAINTEXT listener that accepts OAUTHBEARER logins only, validating each JWT with Kafka's
 * {@code OAuthBearerValidatorCallbackHandler} against a JWK Set; the broker talks to itself over a
 * plain listener. {@link #startupTime()} says what starting it cost.
 */
final class KraftBroker implements AutoCloseable {
    private static final String CLIENTS = "CLIENTS";
    private static final String INTERNAL = "INTERNAL";
    private static final String CONTROLLER = "CONTROLLER";

    private final Path dir;
    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Duration startupTime;
    private final Duration startupCpu;

    private KraftBroker(Path dir, KafkaRaftServer server, String bootstrap, Duration startupTime, Duration startupCpu) {
        this.dir = dir;
        this.server = server;
        this.bootstrap = bootstrap;
        this.startupTime = startupTime;
        this.startupCpu = startupCpu;
    }

    /**
     * Formats a log directory and starts the broker; returns once it serves clients.
     *
     * @param jwksUrl          where the broker reads the JWK Set that signs valid tokens
     * @param expectedIssuer   the {@code iss} a valid token carries
     * @param expectedAudience the {@code aud} a valid token carries
     * @param reauthentication how long an authenticated connection lives before the client must
     *                         log in again (at most until its token expires)
     * @return the running broker
     */
    static KraftBroker start(String jwksUrl, String expectedIssuer, String expectedAudience, Duration reauthentication)
            throws Exception {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        Path dir = Files.createTempDirectory("tokenkit-kraft");
        int clientsPort = freePort();
        int internalPort = freePort();
        int controllerPort = freePort();
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        String clients = CLIENTS + "://" + host + ":" + clientsPort;
        String internal = INTERNAL + "://" + host + ":" + internalPort;
        String prefix = "listener.name." + CLIENTS.toLowerCase(java.util.Locale.ROOT) + ".oauthbearer.";

        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + host + ":" + controllerPort),
                Map.entry("controller.listener.names", CONTROLLER),
                Map.entry("listeners", clients + "," + internal + "," + CONTROLLER + "://" + host + ":" + controllerPort),
                Map.entry("advertised.listeners", clients + "," + internal),
                Map.entry("listener.security.protocol.map", CLIENTS + ":SASL_PLAINTEXT," + INTERNAL + ":PLAINTEXT,"
                        + CONTROLLER + ":PLAINTEXT"),
                Map.entry("inter.broker.listener.name", INTERNAL),
                Map.entry("log.dirs", dir.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("sasl.enabled.mechanisms", "OAUTHBEARER"),
                Map.entry(prefix + "sasl.jaas.config",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"),
                Map.entry(prefix + "sasl.server.callback.handler.class",
                        "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler"),
                // Kafka 4.1's OAuthBearerValidatorCallbackHandler creates its default validator
                // (DefaultJwtValidator) without a key resolver, and that validator then checks a token's
                // form only: no signature, audience or issuer. Naming BrokerJwtValidator makes it check them.
                // The handler reads this key without listener or mechanism prefix.
                Map.entry("sasl.oauthbearer.jwt.validator.class",
                        "org.apache.kafka.common.security.oauthbearer.BrokerJwtValidator"),
                Map.entry("sasl.oauthbearer.jwks.endpoint.url", jwksUrl),
                Map.entry("sasl.oauthbearer.expected.issuer", expectedIssuer),
                Map.entry("sasl.oauthbearer.expected.audience", expectedAudience),
                Map.entry("connections.max.reauth.ms", Long.toString(reauthentication.toMillis()))));
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER)
                .setMetadataLogDirectory(dir.toString())
                .setDirectories(List.of(dir.toString()))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            delete(dir);
            throw e;
        }
        return new KraftBroker(dir, server, host + ":" + clientsPort, Duration.ofNanos(System.nanoTime() - t0),
                Duration.ofNanos(processCpuNanos() - cpu0));
    }

    /** @return {@code host:port} of the SASL_PLAINTEXT listener, for {@code bootstrap.servers} */
    String bootstrap() {
        return bootstrap;
    }

    /** @return from formatting the log directory to a started broker, wall-clock time */
    Duration startupTime() {
        return startupTime;
    }

    /** @return the CPU time the whole JVM spent meanwhile (all threads, class loading and JIT included) */
    Duration startupCpu() {
        return startupCpu;
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            delete(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the broker's directory " + dir, e);
        }
    }
}
