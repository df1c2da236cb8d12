package dev.tokenkit.emulators;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * One vendor's emulator as a command line serves and demonstrates it: the id of the provider it
 * emulates, the options it accepts, how to start it, the options that point a client at it, and
 * what a demo configures and shows. Found with {@link ServiceLoader} ({@code provides} on the
 * module path, {@code META-INF/services/dev.tokenkit.emulators.EmulatedVendor} on the class
 * path), so that {@code tokenkit emulate} and {@code tokenkit demo} serve every vendor found
 * without knowing any of them.
 *
 * <p>Everything here is plain values: an implementation knows its emulator, never a provider
 * or tokenkit's core. The demo's generic part (configuration and requests with secrets masked,
 * the token's fingerprint, expiry and refresh schedule) is the caller's; the hooks add the lines
 * that are particular to the vendor, from what the caller observed ({@link DemoToken}). Hooks
 * never see a token value.
 *
 * <p>Implementations are stateless and have a public no-argument constructor.
 */
public interface EmulatedVendor {

    /**
     * The id of the provider this emulates, which is also the emulator's name, e.g. {@code symbl}.
     *
     * @return the provider id
     */
    String providerId();

    /**
     * The options the emulator accepts, by the provider's option names, in display order.
     *
     * @return the options, not empty
     */
    List<Option> options();

    /**
     * Starts the emulator on loopback.
     *
     * @param port     the port, 0 for any free one
     * @param accepted a value for each of {@link #options()}: what the emulator accepts
     * @return the running emulator; the caller closes it
     * @throws IllegalArgumentException when a value cannot be accepted; the message names the
     *                                  option and the problem, never the value
     */
    VendorEmulator start(int port, Map<String, String> accepted);

    /**
     * Starts the emulator on loopback as {@code setup} asks: over HTTPS, and with credentials that
     * a client proves it holds without sending them (public keys, certificates). By default, an
     * emulator takes none of these: a setup that asks for one is refused, and otherwise this is
     * {@link #start(int, Map)}. The built-in emulators serve HTTPS, and the OAuth 2.0 one takes
     * every credential.
     *
     * @param setup    the port, HTTPS, and the credentials
     * @param accepted a value for each of {@link #options()}: what the emulator accepts
     * @return the running emulator; the caller closes it
     * @throws IllegalArgumentException when a value or a part of the setup cannot be taken; the
     *                                  message names the option or the part, never a secret
     */
    default VendorEmulator start(Setup setup, Map<String, String> accepted) {
        if (!setup.isPlain()) {
            throw new IllegalArgumentException("the " + providerId() + " emulator serves plain HTTP only and verifies"
                    + " no client keys or certificates");
        }
        return start(setup.port(), accepted);
    }

    /**
     * The options of the provider, as {@code name=value}, that point a client at the running
     * emulator. By default {@code base-url=} its {@linkplain VendorEmulator#baseUri() base URI}.
     *
     * @param running the emulator {@link #start started}
     * @return the options
     */
    default List<String> endpointOptions(VendorEmulator running) {
        return List.of("base-url=" + running.baseUri());
    }

    /**
     * More addresses of the running emulator to print beside its token endpoint, one line each
     * with a label of 16 characters. None by default.
     *
     * @param running the emulator {@link #start started}
     * @return the lines
     */
    default List<String> addresses(VendorEmulator running) {
        return List.of();
    }

    /**
     * Switches the running emulator to its vendor's documented outage answer, where the vendor
     * documents one. None by default.
     *
     * @param running the emulator {@link #start started}
     * @return what every answer is now, in words; empty when the vendor documents no outage
     *         answer (the emulator is unchanged)
     */
    default Optional<String> down(VendorEmulator running) {
        return Optional.empty();
    }

    /**
     * The demo's configuration: the provider's options, as {@code name=value}, that fetch a
     * token from the running emulator with its demo credentials.
     *
     * @param running the emulator {@link #start started} with the {@linkplain Option#demoValue()
     *                demo values}
     * @return the options
     */
    List<String> demoConfiguration(VendorEmulator running);

    /**
     * Lines printed before the demo's first fetch. None by default.
     *
     * @return the lines
     */
    default List<String> demoIntroduction() {
        return List.of();
    }

    /**
     * Lines about the first token, printed after its expiry. None by default.
     *
     * @param running the emulator
     * @param first   what the demo observed of the first token
     * @return the lines
     */
    default List<String> demoFirstToken(VendorEmulator running, DemoToken first) {
        return List.of();
    }

    /**
     * Whether the demo invalidates the first token (as after an API answered 401 with it) and
     * fetches again, and what that second fetch shows, as a phrase that ends the sentence "the
     * source fetches anew…" (empty for nothing more). Empty, by default: one fetch.
     *
     * @return the phrase, or empty for no second fetch
     */
    default Optional<String> demoSecondFetch() {
        return Optional.empty();
    }

    /**
     * Lines about the second token, when {@link #demoSecondFetch()} asks for one. None by default.
     *
     * @param running the emulator
     * @param first   what the demo observed of the first token
     * @param second  what it observed of the second
     * @return the lines
     */
    default List<String> demoSecondToken(VendorEmulator running, DemoToken first, DemoToken second) {
        return List.of();
    }

    /**
     * Another exchange the demo shows after the first part: a second configuration (another
     * client authentication, say) fetched once, its introduction printed before it. None by
     * default.
     *
     * @param running the emulator
     * @return the exchange, or empty
     */
    default Optional<DemoExchange> demoAnotherExchange(VendorEmulator running) {
        return Optional.empty();
    }

    /**
     * An exchange the demo shows beside the first: what it introduces and how it is configured.
     *
     * @param introduction  lines printed before it
     * @param configuration the provider's options, as {@code name=value}, that fetch a token from
     *                      the running emulator
     */
    record DemoExchange(List<String> introduction, List<String> configuration) {
        /**
         * Copies the lists.
         *
         * @param introduction  the lines
         * @param configuration the options
         */
        public DemoExchange {
            introduction = List.copyOf(introduction);
            configuration = List.copyOf(configuration);
        }
    }

    /**
     * The vendors that {@link ServiceLoader} finds with this class loader, in the order found.
     *
     * @param loader the class loader (its modules' {@code provides} and its class path's
     *               {@code META-INF/services})
     * @return the vendors
     * @throws ServiceConfigurationError if one cannot be loaded, has no provider id, or two
     *                                   emulate one provider id (naming both classes)
     */
    static List<EmulatedVendor> load(ClassLoader loader) {
        Map<String, EmulatedVendor> found = new LinkedHashMap<>();
        for (EmulatedVendor vendor : ServiceLoader.load(EmulatedVendor.class, loader)) {
            String id = vendor.providerId();
            if (id == null || id.isBlank()) {
                throw new ServiceConfigurationError(vendor.getClass().getName() + ".providerId() is "
                        + (id == null ? "null" : "blank") + "; it must name the provider the emulator emulates");
            }
            EmulatedVendor other = found.putIfAbsent(id, vendor);
            if (other != null) {
                throw new ServiceConfigurationError("two emulators of provider '" + id + "': "
                        + other.getClass().getName() + " and " + vendor.getClass().getName()
                        + "; remove one from the class path or module path");
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * How {@code tokenkit emulate} serves an emulator, beyond its options.
     *
     * @param port               the port, 0 for any free one
     * @param https              whether to serve HTTPS ({@link VendorEmulator.Builder#https()})
     * @param clientKeys         a file of public keys (PEM public keys or certificates, or a JWK
     *                           Set) that the client's signed assertions verify with
     * @param clientSubject      the subject DN of the client's TLS certificate
     * @param clientCertificates a PEM file of the client's self-signed TLS certificates
     */
    record Setup(int port, boolean https, Optional<Path> clientKeys, Optional<String> clientSubject,
                 Optional<Path> clientCertificates) {
        /**
         * Checks the components.
         *
         * @param port               the port
         * @param https              whether HTTPS
         * @param clientKeys         the key file, if any
         * @param clientSubject      the subject DN, if any
         * @param clientCertificates the certificate file, if any
         */
        public Setup {
            Objects.requireNonNull(clientKeys, "clientKeys");
            Objects.requireNonNull(clientSubject, "clientSubject");
            Objects.requireNonNull(clientCertificates, "clientCertificates");
        }

        /**
         * Plain HTTP on this port, no client credentials.
         *
         * @param port the port, 0 for any free one
         * @return the setup
         */
        public static Setup plain(int port) {
            return new Setup(port, false, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /**
         * Whether this asks for nothing but a port.
         *
         * @return {@code true} for plain HTTP without client credentials
         */
        public boolean isPlain() {
            return !https && clientKeys.isEmpty() && clientSubject.isEmpty() && clientCertificates.isEmpty();
        }
    }

    /**
     * An option the emulator accepts: a provider option's name, whether its value is secret,
     * and the demo value it accepts unless told otherwise.
     *
     * @param name        the provider's option name, e.g. {@code app-id}
     * @param secret      whether the value is secret (never printed unless it is the demo value)
     * @param demoValue   the value accepted by default, public
     * @param tokenOption whether the accepted value is also what a client sets in the provider
     *                    option of this name (for a {@code tokenkit token} line that works);
     *                    {@code false} when the name means something else to the emulator, as
     *                    {@code scope} (the scopes a client may ask for) does
     */
    record Option(String name, boolean secret, String demoValue, boolean tokenOption) {
        /**
         * Checks the components.
         *
         * @param name        the name, not blank
         * @param secret      whether secret
         * @param demoValue   the demo value, not null
         * @param tokenOption whether also the client's option
         */
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(demoValue, "demoValue");
            if (name.isBlank()) {
                throw new IllegalArgumentException("an option's name must not be blank");
            }
        }

        /**
         * An option whose value is not secret, and also the client's option.
         *
         * @param name      the name
         * @param demoValue the demo value
         * @return the option
         */
        public static Option plain(String name, String demoValue) {
            return new Option(name, false, demoValue, true);
        }

        /**
         * An option whose value is secret, and also the client's option.
         *
         * @param name      the name
         * @param demoValue the demo value
         * @return the option
         */
        public static Option secret(String name, String demoValue) {
            return new Option(name, true, demoValue, true);
        }
    }
}
