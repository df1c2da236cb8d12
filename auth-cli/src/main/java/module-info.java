/**
 * The {@code tokenkit} command line: lists and describes the token providers found on the class
 * path (and in {@code --provider-path} jars), fetches a token, and runs an offline demo against
 * the built-in vendor emulators of {@code dev.tokenkit.emulators}, and serves those emulators.
 *
 * <p>It ships as one class-path jar ({@code target/tokenkit.jar}); this descriptor lets it run
 * on the module path too. Nothing is exported: the command line is not an API.
 */
module dev.tokenkit.cli {
    requires dev.tokenkit;
    // the vendor emulators: JDK and jakarta.json only, so the CLI's module path holds no test library
    requires dev.tokenkit.emulators;
    // --store: the token shared through Redis
    requires dev.tokenkit.store.redis;
    requires info.picocli;
    // tokenkit jwk: the JWK of a key (the JOSE library provider-oauth2 signs with)
    requires com.nimbusds.jose.jwt;
    // quiets (or, with --verbose, shows) the library's System.Logger output
    requires java.logging;

    // picocli reads and writes the annotated command classes reflectively
    opens dev.tokenkit.cli to info.picocli;
}
