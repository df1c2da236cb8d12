package dev.tokenkit.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.tokenkit.AccessToken;
import dev.tokenkit.TokenProviders;
import dev.tokenkit.TokenSource;
import dev.tokenkit.client.spring.TokenClientHttpRequestInterceptor;
import dev.tokenkit.emulators.SymblEmulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Sources from properties alone, over a real Symbl emulator: each form Spring accepts for an
 * option name reaches the provider's option, and the beans are there by name and qualifier.
 */
class SourcesFromPropertiesTest {
    static SymblEmulator symbl;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
            .withPropertyValues("tokenkit.sources.symbl.provider=symbl",
                    "tokenkit.sources.symbl.options.base-url=" + symbl.baseUri(),
                    "tokenkit.sources.symbl.options.app-id=" + SymblEmulator.DEMO_APP_ID);

    @BeforeAll
    static void start() {
        symbl = SymblEmulator.start();
    }

    @AfterAll
    static void stop() {
        symbl.close();
    }

    /** An environment variable as the operating system would hand it to Spring. */
    static ApplicationContextRunner withEnvironment(ApplicationContextRunner runner, Map<String, Object> variables) {
        return runner.withInitializer(c -> c.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables)));
    }

    @Test
    void yamlFormNamesTheOptionAndTheSourceFetches() {
        runner.withPropertyValues("tokenkit.sources.symbl.options.app-secret=" + SymblEmulator.DEMO_APP_SECRET)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    TokenSource source = BeanFactoryAnnotationUtils.qualifiedBeanOfType(
                            context.getBeanFactory(), TokenSource.class, "symbl");
                    assertThat(source).isSameAs(context.getBean("symblTokenSource"));
                    AccessToken token = source.token();
                    assertThat(token.expiresAt()).isPresent();
                    assertThat(BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getBeanFactory(),
                            TokenClientHttpRequestInterceptor.class, "symbl"))
                            .isSameAs(context.getBean("symblTokenInterceptor"));
                    assertThat(context).hasSingleBean(TokenProviders.class);
                });
    }

    @Test
    void environmentVariableFormNamesTheOption() {
        withEnvironment(runner, Map.of("TOKENKIT_SOURCES_SYMBL_OPTIONS_APP_SECRET", SymblEmulator.DEMO_APP_SECRET))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("symblTokenSource", TokenSource.class).token()).isNotNull();
                });
    }

    @Test
    void camelCaseFormNamesTheOption() {
        runner.withPropertyValues("tokenkit.sources.symbl.options.appSecret=" + SymblEmulator.DEMO_APP_SECRET)
                .run(context -> assertThat(context.getBean("symblTokenSource", TokenSource.class).token()).isNotNull());
    }

    @Test
    void anEnvironmentVariableOverridesTheSameOptionWrittenInAnotherForm() {
        withEnvironment(runner.withPropertyValues("tokenkit.sources.symbl.options.app-secret=wrong-secret"),
                Map.of("TOKENKIT_SOURCES_SYMBL_OPTIONS_APP_SECRET", SymblEmulator.DEMO_APP_SECRET))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("symblTokenSource", TokenSource.class).token()).isNotNull();
                });
    }

    @Test
    void sourcesAreClosedWithTheContext() {
        TokenSource[] kept = new TokenSource[1];
        runner.withPropertyValues("tokenkit.sources.symbl.options.app-secret=" + SymblEmulator.DEMO_APP_SECRET)
                .run(context -> kept[0] = context.getBean("symblTokenSource", TokenSource.class));
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(kept[0]::token);
    }

    @Test
    void noSourceNoBeansButTheRegistry() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TokenkitAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(TokenSource.class);
                    assertThat(context.getBean(TokenProviders.class).ids()).contains("symbl", "singleview", "oauth2");
                });
    }
}
