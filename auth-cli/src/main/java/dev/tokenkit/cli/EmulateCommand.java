package dev.tokenkit.cli;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.VendorEmulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tokenkit emulate <id>}: serves a vendor's built-in emulator on loopback until
 * interrupted, so that any HTTP client (the user's application, a script, another vendor SDK)
 * can fetch tokens offline; optionally with scripted faults, to rehearse an outage.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves a vendor's built-in emulator on 127.0.0.1 until interrupted (Ctrl-C), for your own"
                + " application, scripts or another SDK, offline. Prints the base URL and the credentials it accepts.",
                "Faults rehearse an outage: --latency-ms slows every answer, --fail N answers the first N requests"
                        + " with --status (503 by default; 429 with --retry-after), --down answers with the vendor's"
                        + " documented outage, where it documents one (SingleView's failure envelope).",
                "oauth2 also verifies client assertions (private_key_jwt with --client-keys, client_secret_jwt with a"
                        + " client secret of 32 bytes or more) and, over HTTPS (--tls-trust), client certificates"
                        + " (--client-subject, --client-certificate)."})
final class EmulateCommand implements Callable<Integer> {

    @ParentCommand
    private TokenkitCli cli;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<id>", completionCandidates = Vendors.Ids.class,
            description = "The id of the provider whose emulator to serve: ${COMPLETION-CANDIDATES}.")
    private String id;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port on 127.0.0.1 (default 0: any free port).")
    private int port;

    @Option(names = "-c", paramLabel = "key=value",
            description = {"Sets a value the emulator accepts (a credential, or oauth2's scope: the scopes the client"
                    + " may ask for, separated by spaces), by the provider's option name, as the banner's 'accepts'"
                    + " line lists them; key=@FILE reads it from FILE. Default: the demo credentials, printed at"
                    + " start."})
    private List<String> options = new ArrayList<>();

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Delays every answer by MS milliseconds.")
    private long latencyMs;

    @Option(names = "--fail", paramLabel = "N", defaultValue = "0",
            description = "Answers the first N requests with --status instead of a token.")
    private int fail;

    @Option(names = "--status", paramLabel = "CODE", defaultValue = "503",
            description = "The status of the --fail answers: 429 or 500 to 599 (default 503).")
    private int status;

    @Option(names = "--retry-after", paramLabel = "SECONDS",
            description = "Adds Retry-After: SECONDS to the --fail answers.")
    private Integer retryAfter;

    @Option(names = "--down",
            description = "Answers every request with the vendor's documented outage, where it documents one"
                    + " (singleview: HTTP 200 with {\"success\":false,\"payload\":{},\"message\":\"Connect Refused\"}).")
    private boolean down;

    @Option(names = "--tls-trust", paramLabel = "FILE",
            description = "Serves HTTPS with a certificate made at start, asking each client for a certificate, and"
                    + " writes that certificate (PEM) to FILE: the trust anchor a client takes as -c tls-trust=FILE."
                    + " oauth2 only.")
    private Path tlsTrust;

    @Option(names = "--client-keys", paramLabel = "FILE",
            description = "oauth2: the client's public keys, which its private_key_jwt assertions verify with: PEM public"
                    + " keys or certificates, or a JWK Set (tokenkit jwk KEY writes one).")
    private Path clientKeys;

    @Option(names = "--client-subject", paramLabel = "DN",
            description = "oauth2, with --tls-trust: the subject DN of the client's TLS certificate (tls_client_auth),"
                    + " e.g. \"CN=my-client,O=Acme\".")
    private String clientSubject;

    @Option(names = "--client-certificate", paramLabel = "FILE",
            description = "oauth2, with --tls-trust: the client's self-signed TLS certificate, PEM"
                    + " (self_signed_tls_client_auth).")
    private Path clientCertificate;

    @Override
    public Integer call() {
        List<EmulatedVendor> found = Vendors.found(cli);
        EmulatedVendor vendor = Vendors.find(found, id).orElseThrow(() -> new ProviderConfigurationException(null,
                "no built-in emulator for '" + id + "'; emulate serves " + String.join(" or ", Vendors.ids(found))));
        check();
        Map<String, String> given = ConfigSources.pairs(id, options);
        Map<String, String> accepted = accepted(vendor, given);
        CountDownLatch stopped = new CountDownLatch(1);
        VendorEmulator emulator = start(vendor, accepted);
        try {
            writeTrustAnchor(emulator);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        // closed by whichever comes first: the JVM's shutdown (Ctrl-C, SIGTERM) or an interrupt
        Thread hook = new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "tokenkit-emulate-shutdown");
        try {
            List<String> faults = script(vendor, emulator);
            Runtime.getRuntime().addShutdownHook(hook);
            print(vendor, emulator, accepted, given, faults);
            stopped.await();
        } catch (InterruptedException e) {
            cli.out().println(id + " emulator stopped");
        } finally {
            removeHook(hook);
            emulator.close();
        }
        return ExitCodes.OK;
    }

    private void check() {
        if (fail < 0) {
            throw new ParameterException(spec.commandLine(), "--fail must not be negative");
        }
        if (status != 429 && (status < 500 || status > 599)) {
            throw new ParameterException(spec.commandLine(), "--status must be 429 or 500 to 599 (an outage);"
                    + " was " + status);
        }
        if (retryAfter != null && retryAfter < 0) {
            throw new ParameterException(spec.commandLine(), "--retry-after must not be negative");
        }
        if (latencyMs < 0) {
            throw new ParameterException(spec.commandLine(), "--latency-ms must not be negative");
        }
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 (any free port) to 65535; was " + port);
        }
    }

    /** The values to accept: the demo values overridden by {@code -c} options; an unknown option is an error. */
    private static Map<String, String> accepted(EmulatedVendor vendor, Map<String, String> given) {
        Map<String, String> accepted = Vendors.demoValues(vendor);
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(accepted.keySet());
        if (!unknown.isEmpty()) {
            throw new ProviderConfigurationException(vendor.providerId(), "the " + vendor.providerId()
                    + " emulator takes -c " + String.join(", -c ", accepted.keySet()) + "; unknown: "
                    + String.join(", ", unknown));
        }
        accepted.putAll(given);
        return accepted;
    }

    private VendorEmulator start(EmulatedVendor vendor, Map<String, String> accepted) {
        EmulatedVendor.Setup setup = new EmulatedVendor.Setup(port, tlsTrust != null, Optional.ofNullable(clientKeys),
                Optional.ofNullable(clientSubject), Optional.ofNullable(clientCertificate));
        try {
            return vendor.start(setup, accepted);
        } catch (IllegalArgumentException e) {
            // the message names the option's problem, never a secret value
            throw new ProviderConfigurationException(id, "the " + id + " emulator cannot take these options: "
                    + e.getMessage());
        }
    }

    /** Writes the HTTPS server's certificate, the client's trust anchor, to the --tls-trust file. */
    private void writeTrustAnchor(VendorEmulator emulator) {
        if (tlsTrust == null) {
            return;
        }
        try {
            byte[] der = emulator.server().certificate().orElseThrow().getEncoded();
            Files.writeString(tlsTrust, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END CERTIFICATE-----\n",
                    StandardCharsets.US_ASCII);
        } catch (IOException | CertificateEncodingException e) {
            throw new ProviderConfigurationException(id, "cannot write the server's certificate to --tls-trust "
                    + tlsTrust + " (" + e.getClass().getSimpleName() + "); check the path and its directory's permissions");
        }
    }

    /** Applies the faults and describes them. */
    private List<String> script(EmulatedVendor vendor, VendorEmulator emulator) {
        List<String> faults = new ArrayList<>();
        if (fail > 0) {
            FakeResponse answer = FakeResponse.status(status).json("{\"message\":\"emulated outage (tokenkit emulate"
                    + " --fail)\"}");
            if (retryAfter != null) {
                answer = answer.header("Retry-After", Integer.toString(retryAfter));
            }
            for (int i = 0; i < fail; i++) {
                emulator.server().enqueue(answer);
            }
            faults.add("HTTP " + status + " for the first " + fail + " request(s)"
                    + (retryAfter == null ? "" : ", Retry-After " + retryAfter + " s"));
        }
        if (latencyMs > 0) {
            emulator.latency(Duration.ofMillis(latencyMs));
            faults.add(latencyMs + " ms latency on every answer");
        }
        if (down) {
            String answer = vendor.down(emulator).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "--down needs the vendor's documented outage answer, and " + id + " documents none;"
                            + " use --fail N --status 503"));
            faults.add("down: " + answer);
        }
        return faults;
    }

    private void print(EmulatedVendor vendor, VendorEmulator emulator, Map<String, String> accepted,
                       Map<String, String> given, List<String> faults) {
        PrintStream out = cli.out();
        List<String> tryArgs = new ArrayList<>(List.of("tokenkit token " + id));
        vendor.endpointOptions(emulator).forEach(option -> tryArgs.add("-c " + option));
        out.println(id + " emulator serving on " + emulator.baseUri() + " until interrupted (Ctrl-C)");
        out.println("  token endpoint  POST " + emulator.tokenEndpoint());
        vendor.addresses(emulator).forEach(line -> out.println("  " + line));
        if (tlsTrust != null) {
            out.println("  tls trust       " + tlsTrust + " (the server's certificate; a client asks for a certificate)");
            tryArgs.add("-c tls-trust=" + tlsTrust);
        }
        List<String> verifies = new ArrayList<>();
        if (clientKeys != null) {
            verifies.add("private_key_jwt with the keys in " + clientKeys);
        }
        if (clientSubject != null) {
            verifies.add("tls_client_auth for the subject " + clientSubject);
        }
        if (clientCertificate != null) {
            verifies.add("self_signed_tls_client_auth with the certificate in " + clientCertificate);
        }
        if (!verifies.isEmpty()) {
            out.println("  verifies        " + String.join("; ", verifies));
        }
        out.println("  protected API   GET " + emulator.protectedEndpoint() + " with Authorization: Bearer <token>");
        List<String> shown = new ArrayList<>();
        for (EmulatedVendor.Option option : vendor.options()) {
            String key = option.name();
            String value = accepted.get(key);
            // a secret the user chose is never printed; the demo ones are public
            boolean hidden = option.secret() && given.containsKey(key);
            shown.add(key + "=" + (hidden ? "(as given)" : value));
            if (option.tokenOption()) {
                tryArgs.add("-c " + key + "=" + (hidden ? "@FILE" : value));
            }
        }
        out.println("  accepts         " + String.join(", ", shown));
        out.println("  faults          " + (faults.isEmpty() ? "none" : String.join("; ", faults)));
        out.println("  try             " + String.join(" ", tryArgs));
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }
}
