package dev.tokenkit.cli;

import dev.tokenkit.AccessToken;
import dev.tokenkit.ConfigOption;
import dev.tokenkit.ProviderConfig;
import dev.tokenkit.ProviderDescriptor;
import dev.tokenkit.RetryPolicy;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.TokenSourceListener;
import dev.tokenkit.spi.TokenStore;
import dev.tokenkit.store.redis.RedisTokenStore;
import jakarta.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tokenkit token <id>}: fetches one token and prints it. */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetches one access token from a provider and prints it on stdout.",
                "Options come from TOKENKIT_<ID>_<OPTION> environment variables, then --config, then -c"
                        + " (later sources win). See 'tokenkit describe <id>' for a provider's options."})
final class TokenCommand implements Callable<Integer> {
    /** The most retries --retries accepts; the retry policy's 30 s budget bounds them anyway. */
    static final int MAX_RETRIES = 10;

    /** What {@code --output} prints. */
    enum Output {
        // lower case: these are the values users type
        /** The token value. */
        raw,
        /** An HTTP Authorization header line. */
        header,
        /** A JSON object with the value and its metadata. */
        json
    }

    @ParentCommand
    private TokenkitCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<id>", description = "The provider id, e.g. symbl (see 'tokenkit providers').")
    private String id;

    @Option(names = "-c", paramLabel = "key=value",
            description = {"Sets a provider option (repeatable). key=@FILE reads the value from FILE, one trailing"
                    + " line break removed, so secrets stay out of the process list; key=@@text is the literal @text."})
    private List<String> options = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Reads options from a properties file (key=value lines).")
    private Path configFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "raw",
            description = "raw (the token, the default), header (Authorization: Bearer ...) or json"
                    + " (provider, tokenType, accessToken, expiresAt, expiresIn).")
    private Output output;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries after a retryable failure (429, 5xx, I/O errors, timeouts), 0 to "
                    + MAX_RETRIES + "; default 3, with backoff, within 30 s.")
    private Integer retries;

    @Mixin
    private StoreOption storeOption;

    @Override
    public Integer call() {
        if (retries != null && (retries < 0 || retries > MAX_RETRIES)) {
            throw new ParameterException(spec.commandLine(), "--retries must be between 0 and " + MAX_RETRIES);
        }
        TokenProviders registry = cli.registry();
        ProviderDescriptor descriptor = registry.describe(id);
        warnInlineSecrets(descriptor);
        ProviderConfig config = ConfigSources.assemble(descriptor, cli.environment(), configFile, options);
        AccessToken token;
        try (RedisTokenStore store = storeOption.open(cli.environment(), spec, cli.err());
             TokenSource source = openSource(registry, id, config, retries, store, StoreOption.warnings(cli.err()))) {
            token = source.token();
        }
        print(token, Instant.now());
        return ExitCodes.OK;
    }

    /** One line per secret given inline with -c: it shows in the process list. */
    private void warnInlineSecrets(ProviderDescriptor descriptor) {
        for (String option : options) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? "" : option.substring(0, eq).trim();
            Optional<ConfigOption> secret = descriptor.option(key).filter(ConfigOption::isSecret);
            if (secret.isPresent() && !option.substring(eq + 1).startsWith("@")) {
                cli.err().println("tokenkit: warning: -c " + key + "=... puts a secret in the process list (ps);"
                        + " use -c " + key + "=@FILE or " + secret.get().environmentVariable(id));
            }
        }
    }

    /**
     * The one way the command line gets tokens ({@code token} and {@code demo}): the registry
     * validates the configuration and creates the provider; a {@link TokenSource} with the
     * default policies, or the given number of retries, fetches, sharing the token through
     * {@code store} when there is one.
     */
    static TokenSource openSource(TokenProviders registry, String id, ProviderConfig config, Integer retries,
                                  TokenStore store, TokenSourceListener listener) {
        TokenSource.Builder builder = registry.sourceBuilder(id, config).listener(listener);
        if (retries != null) {
            builder.retry(retries == 0 ? RetryPolicy.none() : RetryPolicy.builder().maxAttempts(retries + 1).build());
        }
        if (store != null) {
            builder.store(store);
        }
        return builder.build();
    }

    private void print(AccessToken token, Instant now) {
        PrintStream out = cli.out();
        switch (output) {
            case raw:
                out.println(token.value());
                break;
            case header:
                out.println("Authorization: " + token.authorizationHeader());
                break;
            case json:
                // a token handed out by a TokenSource always carries an expiry
                // to the second, as docs/cli.md shows: a lifetime without a JWT ends at receipt + expiresIn
                Instant expiresAt = token.expiresAt().orElseThrow().truncatedTo(ChronoUnit.SECONDS);
                out.println(Json.createObjectBuilder()
                        .add("provider", id)
                        .add("tokenType", token.type())
                        .add("accessToken", token.value())
                        .add("expiresAt", expiresAt.toString())
                        .add("expiresIn", Math.max(0, Duration.between(now, expiresAt).getSeconds()))
                        .build());
                break;
            default:
                throw new IllegalStateException("unknown output " + output);
        }
    }
}
