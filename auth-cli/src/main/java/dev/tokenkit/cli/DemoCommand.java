package dev.tokenkit.cli;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.spi.TokenKey;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.internal.TokenSchedule;
import dev.tokenkit.store.redis.RedisTokenStore;
import dev.tokenkit.emulators.DemoToken;
import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.emulators.VendorEmulator;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.StringReader;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code tokenkit demo [<id>]}: starts the emulator of each vendor found (an
 * {@link EmulatedVendor}) on loopback, fetches a token from it exactly the way
 * {@code tokenkit token} does (same configuration assembly, same registry, same
 * {@link TokenSource}), and shows the request on the wire, the token's metadata and its
 * schedule, then what the vendor adds (its demo hooks). Never prints a token value or a secret.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fetches tokens from the built-in vendor emulators on 127.0.0.1 (no network, no credentials"
                + " needed) and shows what happens: the request as sent (secrets masked), the token (fingerprint,"
                + " never the value), its expiry and when a TokenSource would refresh it.",
                "Each vendor's part also shows what is particular to it, for example: Symbl's server-side cache on a"
                        + " second request; SingleView's JWT exp earlier than its expires_in, the earlier one winning;"
                        + " OAuth 2.0's token endpoint discovered once from the issuer's metadata, HTTP Basic"
                        + " client authentication, then private_key_jwt with a demo key."})
final class DemoCommand implements Callable<Integer> {
    private static final String MASK = "****";
    private static final TokenSourceListener NO_EVENTS = new TokenSourceListener() {
    };

    @ParentCommand
    private TokenkitCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<id>", arity = "0..1", completionCandidates = Vendors.Ids.class,
            description = "The id of the provider whose emulator to run: ${COMPLETION-CANDIDATES}; all when omitted.")
    private String id;

    @Mixin
    private StoreOption storeOption;

    private PrintStream out;
    private RedisTokenStore store;

    @Override
    public Integer call() {
        List<EmulatedVendor> found = Vendors.found(cli);
        List<EmulatedVendor> vendors = id == null ? found : List.of(Vendors.find(found, id).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "no built-in emulator for '" + id + "'; demo runs "
                        + orList(Vendors.ids(found)))));
        out = cli.out();
        out.println("tokenkit demo: tokens from the built-in vendor emulators on 127.0.0.1 (no network, no real"
                + " credentials).");
        TokenProviders registry = cli.registry();
        try (RedisTokenStore shared = storeOption.open(cli.environment(), spec, cli.err())) {
            store = shared;
            for (EmulatedVendor vendor : vendors) {
                out.println();
                show(registry, vendor);
            }
        }
        return ExitCodes.OK;
    }

    /** One vendor's part: the first fetch, the vendor's notes, an optional second fetch, the store. */
    private void show(TokenProviders registry, EmulatedVendor vendor) {
        try (VendorEmulator emulator = vendor.start(0, Vendors.demoValues(vendor))) {
            Part part = begin(registry, vendor.providerId(), emulator, vendor.demoConfiguration(emulator));
            vendor.demoIntroduction().forEach(this::line);
            try (TokenSource source = open(registry, part)) {
                AccessToken first = source.token();
                Instant firstAt = Instant.now();
                int seen = showRequests(emulator.server(), 0, part.secrets());
                showToken(first, firstAt);
                DemoToken firstSeen = observed(first, firstAt, first);
                vendor.demoFirstToken(emulator, firstSeen).forEach(this::line);
                showRefresh(first, firstAt);
                Optional<String> again = vendor.demoSecondFetch();
                if (again.isPresent()) {
                    DemoToken secondSeen = again(part, source, first, seen, again.get());
                    vendor.demoSecondToken(emulator, firstSeen, secondSeen).forEach(this::line);
                }
            }
            vendor.demoAnotherExchange(emulator).ifPresent(exchange -> another(registry, part, exchange));
            shareThrough(registry, part);
        }
    }

    private void line(String text) {
        out.println("  " + text);
    }

    /** One vendor's part of the demo: its provider, configuration, the secrets to mask, the emulator's server. */
    private record Part(ProviderDescriptor descriptor, ProviderConfig config, List<String> secrets,
                        FakeTokenServer server) {
        String id() {
            return descriptor.id();
        }
    }

    /** Prints the heading and the configuration (as -c options) of a vendor's part. */
    private Part begin(TokenProviders registry, String id, VendorEmulator emulator, List<String> options) {
        ProviderDescriptor descriptor = registry.describe(id);
        out.println("== " + id + " (" + descriptor.displayName() + "), emulator at " + emulator.baseUri());
        ProviderConfig config = ConfigSources.assemble(descriptor, Map.of(), null, options);
        return new Part(descriptor, config, showConfig(descriptor, config), emulator.server());
    }

    private static TokenSource open(TokenProviders registry, Part part) {
        return TokenCommand.openSource(registry, part.id(), part.config(), null, null, NO_EVENTS);
    }

    /**
     * Invalidates the token as after a 401, fetches again and shows the requests and the new
     * token; a token answered again is shown with its expiry now (a cache may have aged it).
     */
    private DemoToken again(Part part, TokenSource source, AccessToken first, int seen, String how) {
        out.println();
        out.println("  Asking again: the token is invalidated (as after an API answered 401 with it) and the"
                + " source fetches anew" + how + ".");
        source.invalidate(first);
        AccessToken second = source.token();
        Instant secondAt = Instant.now();
        showRequests(part.server(), seen, part.secrets());
        boolean same = second.sameValueAs(first);
        out.println("  token        " + second.type() + ", " + second.fingerprint()
                + (same ? " - the SAME token as the first answer" : " - a NEW token"));
        if (same) {
            out.println("  expires      " + iso(second.expiresAt().orElseThrow()) + " (in "
                    + secondsLeft(second, secondAt) + " s)");
        }
        return observed(second, secondAt, first);
    }

    /** Another configuration of the same provider against the same emulator: one fetch, its requests and token. */
    private void another(TokenProviders registry, Part part, EmulatedVendor.DemoExchange exchange) {
        out.println();
        exchange.introduction().forEach(this::line);
        ProviderConfig config = ConfigSources.assemble(part.descriptor(), Map.of(), null, exchange.configuration());
        Part other = new Part(part.descriptor(), config, showConfig(part.descriptor(), config), part.server());
        int seen = other.server().requests().size();
        try (TokenSource source = open(registry, other)) {
            AccessToken token = source.token();
            Instant at = Instant.now();
            showRequests(other.server(), seen, other.secrets());
            showToken(token, at);
        }
    }

    /** What the vendor's demo hooks are told of a token: plain values, never the token's value. */
    private static DemoToken observed(AccessToken token, Instant receivedAt, AccessToken first) {
        return new DemoToken(receivedAt, token.expiresAt().orElseThrow(), claim(token, "iat"), claim(token, "exp"),
                token.sameValueAs(first));
    }

    /** "a, b or c". */
    private static String orList(List<String> items) {
        if (items.size() < 2) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /**
     * With {@code --store}: two sources, as two replicas would, share one token through the
     * store; the token is removed from the store afterwards (it came from an emulator).
     */
    private void shareThrough(TokenProviders registry, Part part) {
        if (store == null) {
            return;
        }
        String id = part.id();
        FakeTokenServer server = part.server();
        out.println();
        out.println("  Two replicas sharing the token through " + store + ":");
        int before = server.requestCount();
        StoreOption.Warnings warnings = StoreOption.warnings(cli.err());
        try (TokenSource first = TokenCommand.openSource(registry, id, part.config(), null, store, warnings);
             TokenSource second = TokenCommand.openSource(registry, id, part.config(), null, store, warnings)) {
            AccessToken a = first.token();
            int afterFirst = server.requestCount();
            AccessToken b = second.token();
            int afterSecond = server.requestCount();
            out.println("  replica 1    " + a.fingerprint() + ", " + (afterFirst - before) + " request(s)"
                    + (warnings.failed() ? "" : ": it fetched and stored the token (encrypted) in Redis"));
            out.println("  replica 2    " + b.fingerprint() + ", " + (afterSecond - afterFirst) + " request(s)"
                    + (b.sameValueAs(a) && afterSecond == afterFirst ? ": it adopted the token from Redis" : ""));
            String cleanup;
            try {
                cleanup = store.invalidate(TokenKey.of(id, part.config().validate(part.descriptor())), a)
                        ? "the demo token was removed from Redis" : "nothing to remove (the store failed, see above)";
            } catch (RuntimeException e) {
                cleanup = "the demo token could not be removed (" + ExitCodes.oneLine(String.valueOf(e.getMessage()))
                        + "); if it was stored, it expires in Redis with the token";
            }
            out.println("  cleanup      " + cleanup);
        }
    }

    /** Prints the configuration (secrets masked) and returns the secret values to mask on the wire. */
    private List<String> showConfig(ProviderDescriptor descriptor, ProviderConfig config) {
        List<String> shown = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (String name : config.names()) {
            boolean secret = descriptor.option(name).map(ConfigOption::isSecret).orElse(false);
            if (secret) {
                config.findSecret(name).filter(s -> !s.isEmpty()).ifPresent(s -> secrets.add(s.reveal()));
                shown.add(name + "=" + MASK);
            } else {
                shown.add(name + "=" + config.find(name).orElse(""));
            }
        }
        out.println("  config       " + String.join(", ", shown) + " (as -c options of 'tokenkit token')");
        return secrets;
    }

    /** Prints the requests the emulator received from index {@code from} on; returns the new count. */
    private int showRequests(FakeTokenServer server, int from, List<String> secrets) {
        List<RecordedRequest> requests = server.requests();
        for (int i = from; i < requests.size(); i++) {
            RecordedRequest r = requests.get(i);
            out.println("  request " + (i + 1) + " as the emulator received it (header names lower-cased, secrets "
                    + MASK + "):");
            out.println("    " + r.method() + " " + r.path() + (r.query() == null ? "" : "?" + mask(r.query(), secrets)));
            r.headers().forEach((name, values) -> values.forEach(v -> out.println("    " + name + ": "
                    + (name.equals("authorization") ? maskAuthorization(v, secrets) : mask(v, secrets)))));
            if (!r.body().isEmpty()) {
                out.println();
                List<String> assertions = new ArrayList<>();
                out.println("    " + mask(maskAssertions(r.body(), assertions), secrets));
                assertions.forEach(line -> out.println("    " + line));
            }
        }
        return requests.size();
    }

    private void showToken(AccessToken token, Instant receivedAt) {
        out.println("  token        " + token.type() + ", " + token.fingerprint()
                + " (the value is not shown; 'tokenkit token' prints it)");
        Optional<Instant> iat = claim(token, "iat");
        Optional<Instant> exp = claim(token, "exp");
        if (iat.isPresent() || exp.isPresent()) {
            out.println("  JWT claims   iat " + iat.map(DemoCommand::iso).orElse("-") + ", exp "
                    + exp.map(DemoCommand::iso).orElse("-"));
        }
        Instant expiresAt = token.expiresAt().orElseThrow();
        out.println("  expires      " + iso(expiresAt) + " (in " + secondsLeft(token, receivedAt) + " s)");
    }

    private void showRefresh(AccessToken token, Instant receivedAt) {
        ExpiryPolicy policy = ExpiryPolicy.defaults();
        TokenSchedule schedule = TokenSchedule.of(policy, token, receivedAt, ThreadLocalRandom.current().nextDouble());
        Instant earliest = TokenSchedule.of(policy, token, receivedAt, 0.0).refreshAt();
        Instant latest = TokenSchedule.of(policy, token, receivedAt, Math.nextDown(1.0)).refreshAt();
        out.println("  refresh due  " + iso(schedule.refreshAt()) + " (in " + seconds(receivedAt, schedule.refreshAt())
                + " s): a TokenSource refreshes in the background at " + percent(policy.refreshAt()) + " ± "
                + percent(policy.jitter()) + " (jitter) of the lifetime, so between " + iso(earliest) + " and "
                + iso(latest));
        out.println("  handed out   until " + iso(schedule.effectiveExpiresAt()) + " (expiry minus a "
                + seconds(schedule.effectiveExpiresAt(), schedule.expiresAt()) + " s clock-skew margin)");
    }

    /**
     * An {@code Authorization} value with the secrets masked: HTTP Basic credentials are shown as
     * {@code ****} with what they decode to, masked; any other scheme as {@code ****}.
     */
    private static String maskAuthorization(String value, List<String> secrets) {
        String scheme = value.strip().split(" ", 2)[0];
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value.strip().substring(5).strip()),
                        StandardCharsets.UTF_8);
                List<String> encoded = new ArrayList<>(secrets);
                secrets.forEach(secret -> encoded.add(URLEncoder.encode(secret, StandardCharsets.UTF_8)));
                return scheme + " " + MASK + " (Base64 of " + mask(decoded, encoded) + ")";
            } catch (IllegalArgumentException e) {
                return scheme + " " + MASK;
            }
        }
        return scheme + " " + MASK;
    }

    /**
     * A form body with each signed JWT assertion ({@code assertion}, {@code client_assertion}: a
     * bearer credential until it expires) masked; what its header and claims say is added to
     * {@code shown}, never its signature.
     */
    private static String maskAssertions(String body, List<String> shown) {
        StringJoiner masked = new StringJoiner("&");
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq < 0 || !name.endsWith("assertion")) {
                masked.add(pair);
                continue;
            }
            masked.add(name + "=" + MASK);
            String[] parts = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).split("\\.", -1);
            try {
                shown.add("(" + name + ": a JWT whose header is " + decodePart(parts[0]) + " and claims "
                        + decodePart(parts[1]) + "; its signature is not shown)");
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException notAJwt) {
                shown.add("(" + name + ": not shown)");
            }
        }
        return masked.toString();
    }

    private static String decodePart(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String mask(String text, List<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
            String jsonEscaped = secret.replace("\\", "\\\\").replace("\"", "\\\"");
            masked = masked.replace(jsonEscaped, MASK);
        }
        return masked;
    }

    /** A numeric-date claim of a JWT token, read without verifying the signature. */
    private static Optional<Instant> claim(AccessToken token, String name) {
        String[] parts = token.value().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)))) {
            JsonObject claims = reader.readObject();
            JsonValue value = claims.get(name);
            return value instanceof JsonNumber n ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long secondsLeft(AccessToken token, Instant at) {
        return seconds(at, token.expiresAt().orElseThrow());
    }

    private static long seconds(Instant from, Instant to) {
        return Duration.between(from, to).getSeconds();
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + " %";
    }
}
