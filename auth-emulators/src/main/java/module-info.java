/**
 * tokenkit's emulators: {@link dev.tokenkit.emulators.FakeTokenServer}, a token endpoint on
 * loopback that answers with scripted responses (including faults) and records requests, and
 * emulators of the vendors' token endpoints built on it, faithful to their documentation.
 *
 * <p>The JDK and jakarta.json only, never a test library: the command line serves them
 * ({@code tokenkit emulate}), the provider testkit builds on them, and users can run them in
 * their own programs and integration tests. Each built-in emulator is also an
 * {@link dev.tokenkit.emulators.EmulatedVendor}, found with {@link java.util.ServiceLoader}.
 */
module dev.tokenkit.emulators {
    requires jakarta.json;
    // implementation detail of FakeTokenServer: no com.sun.net.httpserver type is in the API
    requires jdk.httpserver;

    exports dev.tokenkit.emulators;

    // the built-in emulators, for tokenkit emulate and demo (EmulatedVendor.load finds them)
    uses dev.tokenkit.emulators.EmulatedVendor;
    provides dev.tokenkit.emulators.EmulatedVendor with dev.tokenkit.emulators.vendor.SymblVendor,
            dev.tokenkit.emulators.vendor.SingleViewVendor, dev.tokenkit.emulators.vendor.OAuth2Vendor,
            dev.tokenkit.emulators.vendor.GoogleServiceAccountVendor;
}
