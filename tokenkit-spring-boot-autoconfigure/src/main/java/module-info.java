/**
 * tokenkit's Spring Boot 4 auto-configuration: token sources from {@code tokenkit.sources.*}
 * properties, their interceptors and HTTP service groups, a failure analyzer, a health
 * contributor, an actuator endpoint and meters. See {@code docs/spring-boot.md}.
 *
 * <p>Spring Boot and Spring Framework ship no module descriptors; their jars are automatic
 * modules ({@code spring.boot}, {@code spring.boot.autoconfigure}, {@code spring.web}...). Actuator,
 * Micrometer and store-redis are optional ({@code requires static}).
 */
module dev.tokenkit.spring.boot.autoconfigure {
    requires transitive dev.tokenkit;
    requires transitive dev.tokenkit.client.spring;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires static dev.tokenkit.metrics.micrometer;
    requires static dev.tokenkit.store.redis;
    requires static dev.tokenkit.webflux;
    requires static micrometer.core;
    requires static spring.boot.health;
    requires static spring.boot.actuator;
    // Health carries Jackson's @JsonInclude, which javac reads where Health is used
    requires static com.fasterxml.jackson.annotation;

    exports dev.tokenkit.spring.boot.autoconfigure;
    opens dev.tokenkit.spring.boot.autoconfigure to spring.core, spring.beans, spring.context;
}
