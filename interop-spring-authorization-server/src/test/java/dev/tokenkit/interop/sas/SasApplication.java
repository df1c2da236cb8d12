package dev.tokenkit.interop.sas;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The authorization server as Spring Boot's starter configures it: its default security filter
 * chains, a generated RSA signing key, issuer resolved from each request. The registered clients
 * and the token endpoint's tap are added as singletons by {@link SpringAuthorizationServer}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SasApplication {
}
