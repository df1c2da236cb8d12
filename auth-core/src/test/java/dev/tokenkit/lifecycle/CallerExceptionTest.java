package dev.tokenkit.lifecycle;

import static dev.tokenkit.lifecycle.VirtualTime.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenkit.Policies;
import dev.tokenkit.ProviderUnavailableException;
import dev.tokenkit.TokenException;
import dev.tokenkit.TokenSource;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Engine v2, point 5: each caller gets an exception of its own, with the shared failure as its cause. */
class CallerExceptionTest {

    private final VirtualTime vt = new VirtualTime();

    @Test
    @DisplayName("callers during a cool-down get distinct exceptions of the same type, thrown from their own stacks,"
            + " all caused by the one shared failure; the provider's exception is never touched")
    void ownException() {
        ProviderUnavailableException fromProvider = ScriptedProvider.unavailable();
        ScriptedProvider provider = new ScriptedProvider(vt.clock).otherwise((n, now) -> {
            throw fromProvider;
        });
        try (TokenSource source = vt.source(provider).retry(Policies.retry(() -> 0.5).maxAttempts(2)
                .build()).build()) {
            var first = vt.ask(source);
            vt.scheduler.advance(Duration.ofMillis(500));
            Throwable async = failureOf(first);
            Throwable a = catchThrowable(source::token);
            Throwable b = catchThrowable(source::token);
            for (int i = 0; i < 1000; i++) {
                catchThrowable(source::token);
            }
            assertThat(a).isInstanceOf(ProviderUnavailableException.class).isNotSameAs(b).isNotSameAs(async);
            assertThat(a.getCause()).as("the shared failure").isSameAs(b.getCause()).isSameAs(async.getCause());
            assertThat(((TokenException) a).attempts()).isEqualTo(2);
            assertThat(a.getMessage()).isEqualTo(fromProvider.getMessage());
            assertThat(Arrays.stream(a.getStackTrace()).map(StackTraceElement::getMethodName))
                    .as("the caller's stack").contains("ownException");
            assertThat(a.getCause().getSuppressed()).isEmpty();
            assertThat(fromProvider.attempts()).as("the provider's exception").isEqualTo(1);
            assertThat(fromProvider.getSuppressed()).isEmpty();
        }
    }
}
