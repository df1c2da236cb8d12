package dev.tokenkit.cli;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ExpiryPolicy;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenKey;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.store.redis.RedisTokenStore;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.OAuth2Emulator;
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.emulators.SingleViewEmulator;
import dev.tokenkit.emulators.SymblEmulator;
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
import java.util.concurrent.Callable;

/**
 * {@code tokenkit demo [<id>]}: starts the built-in emulator of a vendor on loopback, fetches a
 * token from it exactly the way {@code tokenkit token} does (same configuration assembly, same
 * registry, same {@link TokenSource}), and shows the request on the wire, the token's metadata
 * and its schedule. Never prints a token value or a secret.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fetches tokens from the built-in Symbl, SingleView and OAuth 2.0 emulators on 127.0.0.1 (no"
                + " network, no credentials needed) and shows what happens: the request as sent (secrets masked), the"
                + " token (fingerprint, never the value), its expiry and when a TokenSource would refresh it.",
                "Symbl: a second request shows the vendor's server-side cache. SingleView: the token's JWT exp"
                        + " is earlier than its expires_in, and the earlier one wins. OAuth 2.0: the token endpoint is"
                        + " discovered once from the issuer's metadata, and the client authenticates with HTTP Basic."})
final class DemoCommand implements Callable<Integer> {
    static final String SYMBL = "symbl";
    static final String SINGLEVIEW = "singleview";
    static final String OAUTH2 = "oauth2";
    private static final List<String> IDS = List.of(SYMBL, SINGLEVIEW, OAUTH2);
    /** A reference id like the vendor's sample request's. */
    static final String DEMO_REFERENCE_ID = "BEMC0001";
    private static final String MASK = "****";
    private static final TokenSourceListener NO_EVENTS = new TokenSourceListener() {
    };

    @ParentCommand
    private TokenkitCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<id>", arity = "0..1",
            description = "symbl, singleview or oauth2; all three when omitted.")
    private String id;

    @Mixin
    private StoreOption storeOption;

    private PrintStream out;
    private RedisTokenStore store;

    @Override
    public Integer call() {
        List<String> ids = id == null ? IDS : List.of(id);
        for (String each : ids) {
            if (!IDS.contains(each)) {
                throw new ParameterException(spec.commandLine(), "no built-in emulator for '" + each
                        + "'; demo runs symbl, singleview or oauth2");
            }
        }
        out = cli.out();
        out.println("tokenkit demo: tokens from the built-in vendor emulators on 127.0.0.1 (no network, no real"
                + " credentials).");
        TokenProviders registry = cli.registry();
        try (RedisTokenStore shared = storeOption.open(cli.environment(), spec, cli.err())) {
            store = shared;
            for (String each : ids) {
                out.println();
                if (each.equals(SYMBL)) {
                    symbl(registry);
                } else if (each.equals(SINGLEVIEW)) {
                    singleView(registry);
                } else {
                    oauth2(registry);
                }
            }
        }
        return ExitCodes.OK;
    }

    private void symbl(TokenProviders registry) {
        try (SymblEmulator emulator = SymblEmulator.start()) {
            Part part = begin(registry, SYMBL, emulator,
                    "base-url=" + emulator.baseUri(),
                    "app-id=" + SymblEmulator.DEMO_APP_ID,
                    "app-secret=" + SymblEmulator.DEMO_APP_SECRET);
            try (TokenSource source = open(registry, part)) {
                AccessToken first = source.token();
                Instant firstAt = Instant.now();
                int seen = showFirst(part, first, firstAt);
                AccessToken second = again(part, source, first, seen, "");
                Instant secondAt = Instant.now();
                long firstLeft = secondsLeft(first, firstAt);
                long secondLeft = secondsLeft(second, secondAt);
                out.println("  expires      " + iso(second.expiresAt().orElseThrow()) + " (in " + secondLeft + " s)");
                if (second.sameValueAs(first)) {
                    out.println("  Symbl's server-side cache answered the cached token with its remaining lifetime: "
                            + secondLeft + " s left now, " + firstLeft + " s at the first answer ("
                            + (secondLeft < firstLeft ? "shrunk" : "the same whole second") + "; no clock was"
                            + " advanced). The emulator issued " + emulator.tokensIssued() + " token(s) for "
                            + emulator.server().requestCount() + " requests.");
                } else {
                    out.println("  The emulator issued a new token (" + emulator.tokensIssued() + " for "
                            + emulator.server().requestCount() + " requests).");
                }
            }
            shareThrough(registry, part);
        }
    }

    private void singleView(TokenProviders registry) {
        try (SingleViewEmulator emulator = SingleViewEmulator.start()) {
            Part part = begin(registry, SINGLEVIEW, emulator,
                    "base-url=" + emulator.baseUri(),
                    "client-id=" + SingleViewEmulator.DEMO_CLIENT_ID,
                    "client-code=" + SingleViewEmulator.DEMO_CLIENT_CODE,
                    "company-id=" + SingleViewEmulator.DEMO_COMPANY_ID,
                    "reference-id=" + DEMO_REFERENCE_ID);
            try (TokenSource source = open(registry, part)) {
                AccessToken token = source.token();
                Instant receivedAt = Instant.now();
                showRequests(emulator.server(), 0, part.secrets());
                showToken(token, receivedAt);
                long expiresIn = SingleViewEmulator.DEFAULT_EXPIRES_IN.getSeconds();
                Optional<Instant> exp = claim(token, "exp");
                Instant expiresAt = token.expiresAt().orElseThrow();
                if (exp.isPresent() && exp.get().equals(expiresAt)
                        && expiresAt.isBefore(receivedAt.plusSeconds(expiresIn - 1))) {
                    out.println("  note         the emulator answers expires_in \"" + expiresIn + "\" (" + expiresIn
                            + " s, a string, like the vendor's sample), but the token is a JWT whose exp comes "
                            + Duration.between(claim(token, "iat").orElse(exp.get()), exp.get()).getSeconds()
                            + " s after its iat: the token carries the earlier expiry, the JWT exp.");
                } else {
                    out.println("  note         the token's expiry " + iso(expiresAt) + " is not the JWT exp "
                            + exp.map(DemoCommand::iso).orElse("(none)") + " earlier than expires_in " + expiresIn
                            + " s; the emulator is not in its default set-up");
                }
                showRefresh(token, receivedAt);
            }
            shareThrough(registry, part);
        }
    }

    private void oauth2(TokenProviders registry) {
        try (OAuth2Emulator emulator = OAuth2Emulator.start()) {
            Part part = begin(registry, OAUTH2, emulator,
                    "issuer=" + emulator.issuer(),
                    "client-id=" + OAuth2Emulator.DEMO_CLIENT_ID,
                    "client-secret=" + OAuth2Emulator.DEMO_CLIENT_SECRET,
                    "scope=" + OAuth2Emulator.DEMO_SCOPES.get(0));
            try (TokenSource source = open(registry, part)) {
                AccessToken first = source.token();
                Instant firstAt = Instant.now();
                out.println("  The first fetch reads the issuer's RFC 8414 metadata for the token endpoint, then asks it"
                        + " for a token with HTTP Basic client authentication (RFC 6749 section 2.3.1):");
                int seen = showFirst(part, first, firstAt);
                again(part, source, first, seen, ", from the token endpoint it discovered before");
                long metadataReads = emulator.server().requests().stream()
                        .filter(r -> r.path().startsWith(OAuth2Emulator.METADATA_SEGMENT)).count();
                out.println("  The emulator received " + emulator.server().requestCount() + " requests: "
                        + metadataReads + " metadata read (discovery is once per provider) and "
                        + emulator.tokensIssued() + " token requests.");
            }
            shareThrough(registry, part);
        }
    }

    /** One vendor's part of the demo: its provider, configuration, the secrets to mask, the emulator's server. */
    private record Part(ProviderDescriptor descriptor, ProviderConfig config, List<String> secrets,
                        FakeTokenServer server) {
        String id() {
            return descriptor.id();
        }
    }

    /** Prints the heading and the configuration (as -c options) of a vendor's part. */
    private Part begin(TokenProviders registry, String id, VendorEmulator emulator, String... options) {
        ProviderDescriptor descriptor = registry.describe(id);
        out.println("== " + id + " (" + descriptor.displayName() + "), emulator at " + emulator.baseUri());
        ProviderConfig config = ConfigSources.assemble(descriptor, Map.of(), null, List.of(options));
        return new Part(descriptor, config, showConfig(descriptor, config), emulator.server());
    }

    private static TokenSource open(TokenProviders registry, Part part) {
        return TokenCommand.openSource(registry, part.id(), part.config(), null, null, NO_EVENTS);
    }

    /** The requests that fetched the first token, the token and its schedule; returns the requests seen. */
    private int showFirst(Part part, AccessToken token, Instant receivedAt) {
        int seen = showRequests(part.server(), 0, part.secrets());
        showToken(token, receivedAt);
        showRefresh(token, receivedAt);
        return seen;
    }

    /** Invalidates the token as after a 401, fetches again and shows the requests and the new token. */
    private AccessToken again(Part part, TokenSource source, AccessToken first, int seen, String how) {
        out.println();
        out.println("  Asking again: the token is invalidated (as after an API answered 401 with it) and the"
                + " source fetches anew" + how + ".");
        source.invalidate(first);
        AccessToken second = source.token();
        showRequests(part.server(), seen, part.secrets());
        out.println("  token        " + second.type() + ", " + second.fingerprint()
                + (second.sameValueAs(first) ? " - the SAME token as the first answer" : " - a NEW token"));
        return second;
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
                out.println("    " + mask(r.body(), secrets));
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
        ExpiryPolicy.Schedule schedule = policy.schedule(token, receivedAt);
        Instant earliest = ExpiryPolicy.builder().random(() -> 0.0).build().schedule(token, receivedAt).refreshAt();
        Instant latest = ExpiryPolicy.builder().random(() -> Math.nextDown(1.0)).build()
                .schedule(token, receivedAt).refreshAt();
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
