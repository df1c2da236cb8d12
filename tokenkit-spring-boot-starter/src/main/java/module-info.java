/**
 * tokenkit's Spring Boot starter: no code of its own; it brings the auto-configuration
 * ({@code dev.tokenkit.spring.boot.autoconfigure}), the RestClient/RestTemplate interceptor and the
 * Micrometer meters. See {@code docs/spring-boot.md}.
 */
module dev.tokenkit.spring.boot.starter {
    requires transitive dev.tokenkit.spring.boot.autoconfigure;
}
