package dev.tokenkit.emulators.vendor;

import dev.tokenkit.emulators.EmulatedVendor;
import dev.tokenkit.emulators.GoogleServiceAccountEmulator;
import dev.tokenkit.emulators.VendorEmulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link GoogleServiceAccountEmulator} as {@code tokenkit emulate google-service-account} serves
 * it and {@code tokenkit demo} shows it: the account of a key file given with
 * {@code -c key-file=PATH}, or, by default ({@value #DEMO}), a demo account whose key file the
 * emulator writes and deletes when it stops.
 */
public final class GoogleServiceAccountVendor implements EmulatedVendor {
    /** The value of {@code key-file} that asks for a demo account. */
    static final String DEMO = "demo";
    private static final String KEY_FILE = "key-file";
    private static final String SCOPES = "scopes";
    private static final String DEMO_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    /** For {@link java.util.ServiceLoader}. */
    public GoogleServiceAccountVendor() {
    }

    @Override
    public String providerId() {
        return "google-service-account";
    }

    @Override
    public List<Option> options() {
        // to the emulator, a key file whose account it registers; the demo one is not a client's value
        return List.of(new Option(KEY_FILE, false, DEMO, false));
    }

    @Override
    public VendorEmulator start(int port, Map<String, String> accepted) {
        GoogleServiceAccountEmulator.Builder builder = GoogleServiceAccountEmulator.builder().port(port);
        String keyFile = accepted.get(KEY_FILE).strip();
        if (!keyFile.equals(DEMO)) {
            builder.serviceAccountKeyFile(Path.of(keyFile));
        }
        return builder.start();
    }

    @Override
    public List<String> endpointOptions(VendorEmulator running) {
        List<String> options = new ArrayList<>(List.of("token-uri=" + running.tokenEndpoint()));
        ((GoogleServiceAccountEmulator) running).demoKeyFile().ifPresent(file -> options.add(KEY_FILE + "=" + file));
        options.add(SCOPES + "=" + DEMO_SCOPE);
        return options;
    }

    @Override
    public List<String> addresses(VendorEmulator running) {
        return ((GoogleServiceAccountEmulator) running).demoKeyFile().map(file -> List.of("key file        " + file
                + " (the demo account's key, deleted when the emulator stops)")).orElse(List.of());
    }

    @Override
    public List<String> demoConfiguration(VendorEmulator running) {
        Path keyFile = ((GoogleServiceAccountEmulator) running).demoKeyFile().orElseThrow();
        return List.of(KEY_FILE + "=" + keyFile, SCOPES + "=" + DEMO_SCOPE);
    }

    @Override
    public List<String> demoIntroduction() {
        return List.of("The service-account key file names the token endpoint (token_uri); each fetch signs a JWT"
                + " bearer assertion (RFC 7523 section 2.1) with the key's private half (RS256, kid = private_key_id),"
                + " which the emulator verifies with the public half:");
    }
}
