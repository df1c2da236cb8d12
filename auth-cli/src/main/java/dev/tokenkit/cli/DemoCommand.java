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
import dev.tokenkit.emulators.RecordedRequest;
import dev.tokenkit.emulators.SingleViewEmulator;
import dev.tokenkit.emulators.SymblEmulator;
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
        description = {"Fetches tokens from the built-in Symbl and SingleView emulators on 127.0.0.1 (no network,"
                + " no credentials needed) and shows what happens: the request as sent (secrets masked), the token"
                + " (fingerprint, never the value), its expiry and when a TokenSource would refresh it.",
                "Symbl: a second request shows the vendor's server-side cache. SingleView: the token's JWT exp"
                        + " is earlier than its expires_in, and the earlier one wins."})
final class DemoCommand implements Callable<Integer> {
    static final String SYMBL = "symbl";
    static final String SINGLEVIEW = "singleview";
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
            description = "symbl or singleview; both when omitted.")
    private String id;

    @Mixin
    private StoreOption storeOption;

    private PrintStream out;
    private RedisTokenStore store;

    @Override
    public Integer call() {
        List<String> ids = id == null ? List.of(SYMBL, SINGLEVIEW) : List.of(id);
        for (String each : ids) {
            if (!each.equals(SYMBL) && !each.equals(SINGLEVIEW)) {
                throw new ParameterException(spec.commandLine(), "no built-in emulator for '" + each
                        + "'; demo runs symbl or singleview");
            }
        }
        out = cli.out();
        out.println("tokenkit demo: tokens from the built-in vendor emulators on 127.0.0.1 (no network, no real"
                + " credentials).");
        TokenProviders registry = cli.registry();
        try (RedisTokenStore shared = storeOption.open(cli.environment(), spec)) {
            store = shared;
            for (String each : ids) {
                out.println();
                if (each.equals(SYMBL)) {
                    symbl(registry);
                } else {
                    singleView(registry);
                }
            }
        }
        return ExitCodes.OK;
    }

    private void symbl(TokenProviders registry) {
        try (SymblEmulator emulator = SymblEmulator.start()) {
            ProviderDescriptor descriptor = registry.describe(SYMBL);
            heading(descriptor, emulator.baseUri().toString());
            ProviderConfig config = ConfigSources.assemble(descriptor, Map.of(), null, List.of(
                    "base-url=" + emulator.baseUri(),
                    "app-id=" + SymblEmulator.DEMO_APP_ID,
                    "app-secret=" + SymblEmulator.DEMO_APP_SECRET));
            List<String> secrets = showConfig(descriptor, config);
            try (TokenSource source = TokenCommand.openSource(registry, SYMBL, config, null, null, NO_EVENTS)) {
                AccessToken first = source.token();
                Instant firstAt = Instant.now();
                int seen = showRequests(emulator.server(), 0, secrets);
                showToken(first, firstAt);
                showRefresh(first, firstAt);

                out.println();
                out.println("  Asking again: the token is invalidated (as after an API answered 401 with it) and the"
                        + " source fetches anew.");
                source.invalidate(first);
                AccessToken second = source.token();
                Instant secondAt = Instant.now();
                showRequests(emulator.server(), seen, secrets);
                long firstLeft = secondsLeft(first, firstAt);
                long secondLeft = secondsLeft(second, secondAt);
                out.println("  token        " + second.type() + ", " + second.fingerprint()
                        + (second.sameValueAs(first) ? " - the SAME token as the first answer" : " - a NEW token"));
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
            shareThrough(registry, descriptor, config, emulator.server());
        }
    }

    private void singleView(TokenProviders registry) {
        try (SingleViewEmulator emulator = SingleViewEmulator.start()) {
            ProviderDescriptor descriptor = registry.describe(SINGLEVIEW);
            heading(descriptor, emulator.baseUri().toString());
            ProviderConfig config = ConfigSources.assemble(descriptor, Map.of(), null, List.of(
                    "base-url=" + emulator.baseUri(),
                    "client-id=" + SingleViewEmulator.DEMO_CLIENT_ID,
                    "client-code=" + SingleViewEmulator.DEMO_CLIENT_CODE,
                    "company-id=" + SingleViewEmulator.DEMO_COMPANY_ID,
                    "reference-id=" + DEMO_REFERENCE_ID));
            List<String> secrets = showConfig(descriptor, config);
            try (TokenSource source = TokenCommand.openSource(registry, SINGLEVIEW, config, null, null, NO_EVENTS)) {
                AccessToken token = source.token();
                Instant receivedAt = Instant.now();
                showRequests(emulator.server(), 0, secrets);
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
            shareThrough(registry, descriptor, config, emulator.server());
        }
    }

    /**
     * With {@code --store}: two sources, as two replicas would, share one token through the
     * store; the token is removed from the store afterwards (it came from an emulator).
     */
    private void shareThrough(TokenProviders registry, ProviderDescriptor descriptor, ProviderConfig config,
                              FakeTokenServer server) {
        if (store == null) {
            return;
        }
        String id = descriptor.id();
        out.println();
        out.println("  Two replicas sharing the token through " + store + ":");
        int before = server.requestCount();
        StoreOption.Warnings warnings = StoreOption.warnings(cli.err());
        try (TokenSource first = TokenCommand.openSource(registry, id, config, null, store, warnings);
             TokenSource second = TokenCommand.openSource(registry, id, config, null, store, warnings)) {
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
                cleanup = store.invalidate(TokenKey.of(id, config.validate(descriptor)), a)
                        ? "the demo token was removed from Redis" : "nothing to remove (the store failed, see above)";
            } catch (RuntimeException e) {
                cleanup = "the demo token could not be removed (" + ExitCodes.oneLine(String.valueOf(e.getMessage()))
                        + "); if it was stored, it expires in Redis with the token";
            }
            out.println("  cleanup      " + cleanup);
        }
    }

    private void heading(ProviderDescriptor descriptor, String baseUri) {
        out.println("== " + descriptor.id() + " (" + descriptor.displayName() + "), emulator at " + baseUri);
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
            r.headers().forEach((name, values) -> values.forEach(v -> out.println("    " + name + ": " + mask(v, secrets))));
            out.println();
            out.println("    " + mask(r.body(), secrets));
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
