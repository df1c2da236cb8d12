package dev.tokenkit.cli;

import dev.tokenkit.TokenProviders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.Callable;

/**
 * The {@code tokenkit} command: {@code providers}, {@code describe}, {@code token},
 * {@code demo} and {@code emulate}.
 *
 * <p>{@link #main(String[])} runs it and exits with its exit code; {@link #run(String[],
 * PrintStream, PrintStream, Map)} runs it in-process with given streams and environment and
 * returns the exit code (see {@link ExitCodes}).
 */
@Command(name = "tokenkit",
        mixinStandardHelpOptions = true,
        versionProvider = TokenkitCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Access tokens from the command line: list and describe the token providers"
                + " found, fetch a token, or watch one being fetched from a built-in vendor emulator.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok",
                "  1  any other error (e.g. the token endpoint rejected the request)",
                "  2  usage or configuration error",
                "  3  invalid credentials",
                "  4  provider unavailable or rate-limited (after retries)",
                "  5  malformed response from the token endpoint",
                "%nDocumentation: docs/cli.md and docs/configuration.md"})
public final class TokenkitCli implements Callable<Integer> {
    /**
     * The subcommands, in the order the help lists them. picocli builds a command's model (by
     * reflection, a proxy per annotation type) when the command is added, so a run adds only the
     * one it was asked for, when the arguments name one (see {@link #subcommandsFor(String[])}).
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ProvidersCommand.class, DescribeCommand.class,
            TokenCommand.class, DemoCommand.class, EmulateCommand.class, JwkCommand.class);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private TokenProviders registry;
    private ClassLoader loader;
    private volatile SecretArguments secretArguments;
    private volatile boolean maskingStarted;

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show the library's log and, on errors, the stack trace.")
    private boolean verbose;

    @Option(names = "--provider-path", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Also load token providers from the jars in DIR (repeatable).")
    private List<Path> providerPath = new ArrayList<>();

    private TokenkitCli(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        System.out.flush();
        System.err.flush();
        IdleThreads.endHttpSelectors();
        System.exit(code);
    }

    /**
     * Runs the command line in-process.
     *
     * @param args        the arguments
     * @param out         where results go
     * @param err         where errors and warnings go
     * @param environment the environment ({@code TOKENKIT_<ID>_<OPTION>} variables)
     * @return the exit code, see {@link ExitCodes}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        Objects.requireNonNull(args, "args");
        // every error path prints through the mask: messages, picocli's, stack traces, log records
        MaskedStream masked = MaskedStream.over(err);
        PrintStream maskedErr = masked.printStream();
        TokenkitCli cli = new TokenkitCli(out, maskedErr, Map.copyOf(environment));
        masked.maskWith(text -> cli.mask(text, args));
        CommandLine commandLine = new CommandLine(cli);
        subcommandsFor(args).forEach(commandLine::addSubcommand);
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(maskedErr, true, StandardCharsets.UTF_8);
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        commandLine.setExpandAtFiles(false);
        commandLine.setParameterExceptionHandler(cli::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> cli.failure(e, args));
        commandLine.setExecutionStrategy(parseResult -> {
            CliLogging logging = CliLogging.install(cli.verbose, maskedErr);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                logging.close();
            }
        });
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
            cli.closeResources();
            maskedErr.flush();
            masked.finish();
        }
    }

    /**
     * The subcommands a run needs: the one the arguments name (the first argument that is neither
     * an option nor the value of {@code --provider-path}), or all of them when they name none, so
     * that the help, the missing-command error and picocli's suggestions for a mistyped name see
     * every command.
     */
    static List<Class<?>> subcommandsFor(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--provider-path")) {
                i++;
            } else if (!arg.startsWith("-")) {
                for (Class<?> command : SUBCOMMANDS) {
                    if (command.getAnnotation(Command.class).name().equals(arg)) {
                        return List.of(command);
                    }
                }
                return SUBCOMMANDS;
            }
        }
        return SUBCOMMANDS;
    }

    /** Without a subcommand: a one-line usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: one of providers, describe, token, demo, emulate");
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Map<String, String> environment() {
        return environment;
    }

    /**
     * The provider registry: the providers visible to the context class loader, plus those in
     * the {@code --provider-path} jars. Loaded once per run.
     */
    TokenProviders registry() {
        if (registry == null) {
            registry = TokenProviders.load(loader());
        }
        return registry;
    }

    /**
     * The class loader that providers and emulators are found with: the context class loader,
     * plus the {@code --provider-path} jars. Made once per run.
     */
    ClassLoader loader() {
        if (loader == null) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            ClassLoader base = context != null ? context : TokenkitCli.class.getClassLoader();
            loader = providerPath.isEmpty() ? base : providerLoader(base);
        }
        return loader;
    }

    private ClassLoader providerLoader(ClassLoader parent) {
        List<URL> jars = new ArrayList<>();
        for (Path dir : providerPath) {
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--provider-path " + dir + " is not a directory");
            }
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jar")) {
                stream.forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list --provider-path " + dir, e);
            }
            found.sort(null);
            for (Path jar : found) {
                try {
                    jars.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("cannot use " + jar + " as a class path entry", e);
                }
            }
        }
        URLClassLoader jarLoader = new URLClassLoader("provider-path", jars.toArray(URL[]::new), parent);
        resources.add(jarLoader);
        return jarLoader;
    }

    private void closeResources() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (verbose) {
                    err.println("tokenkit: closing " + resources.get(i).getClass().getSimpleName() + " failed: " + e);
                }
            }
        }
        resources.clear();
    }

    private int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        StringBuilder line = new StringBuilder(ExitCodes.oneLine(e.getMessage()));
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
            }
        }
        String name = cmd.getCommandSpec().qualifiedName();
        line.append("; see '").append(name).append(" --help'");
        err.println("tokenkit: " + line);
        if (verbose) {
            e.printStackTrace(err);
        }
        return ExitCodes.USAGE;
    }

    private int failure(Exception e, String[] args) {
        String line = ExitCodes.describe(e);
        if (!verbose && ExitCodes.of(e) == ExitCodes.OTHER && !(e instanceof dev.tokenkit.TokenException)) {
            line += " (--verbose shows the stack trace)";
        }
        err.println("tokenkit: " + ExitCodes.oneLine(line));
        if (verbose) {
            e.printStackTrace(err);
        }
        return ExitCodes.of(e);
    }

    /**
     * The text with everything in the command line that may be secret masked (see
     * {@link SecretArguments}); the error stream passes every line through it.
     */
    private String mask(String text, String[] args) {
        SecretArguments secrets = secretArguments;
        if (secrets == null) {
            if (maskingStarted) {
                // a line printed while the provider names load (a --verbose log record): mask without them
                return SecretArguments.of(args, Set.of(), Set.of(), storeTexts()).mask(text);
            }
            maskingStarted = true;
            secrets = secretArguments(args);
            secretArguments = secrets;
        }
        return secrets.mask(text);
    }

    /** The arguments that may be secrets, by every loadable provider's option names. */
    private SecretArguments secretArguments(String[] args) {
        Set<String> secret = new HashSet<>();
        Set<String> known = new HashSet<>();
        try {
            for (String id : registry().ids()) {
                for (dev.tokenkit.ConfigOption option : registry().describe(id).options()) {
                    known.add(option.name());
                    if (option.isSecret()) {
                        secret.add(option.name());
                    }
                }
            }
        } catch (RuntimeException e) {
            // no registry (e.g. a bad --provider-path): every -c value counts as secret
        }
        return SecretArguments.of(args, secret, known, storeTexts());
    }

    /** The store settings from the environment: its URI may hold a password, and the password is one. */
    private List<String> storeTexts() {
        List<String> texts = new ArrayList<>();
        String uri = environment.get(StoreOption.ENV);
        String password = environment.get(StoreOption.PASSWORD_ENV);
        if (uri != null) {
            texts.add(uri);
        }
        if (password != null && !password.isEmpty()) {
            // as the user info of a URI, so that it is masked like one
            texts.add("redis://:" + password + "@");
        }
        return texts;
    }

    boolean verbose() {
        return verbose;
    }

    /** {@code --version}: the tokenkit version and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = TokenkitCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"tokenkit " + p.getProperty("version", "(unknown version)"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
