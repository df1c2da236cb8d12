package dev.tokenkit.cli;

import dev.tokenkit.emulators.SymblEmulator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code token} run leaves the JDK HTTP client's selector thread waiting in a native call, which
 * holds the JVM's exit back by 0.3 s; {@code main} ends it before exiting. Run in a child JVM:
 * ending the selector threads of this JVM would break the shared clients of the other tests.
 */
class IdleThreadsTest {

    @Test
    void theSelectorThreadOfATokenRunEndsBeforeExit() throws Exception {
        Processes.Result r = Processes.run(List.of(Processes.java().toString(), "-cp", Processes.testClassPath(),
                Child.class.getName()), Map.of());

        assertThat(r.exitCode()).as("%s", r).isZero();
        // one selector thread after the run (the defect), none once main's clean-up has run
        assertThat(r.out()).as("%s", r).isEqualTo("exit=0 selectors-after-run=1 still-alive=0 selectors-after-cleanup=0\n");
    }

    @Test
    void threadsOfOtherNamesAreLeftAlone() {
        Thread plain = new Thread(() -> { }, "HttpClient-1-Worker");
        plain.setDaemon(true);
        assertThat(IdleThreads.isHttpSelector(plain)).isFalse();
        Thread selector = new Thread(() -> { }, "HttpClient-7-SelectorManager");
        assertThat(IdleThreads.isHttpSelector(selector)).as("not a daemon").isFalse();
        selector.setDaemon(true);
        assertThat(IdleThreads.isHttpSelector(selector)).isTrue();
    }

    /** Fetches a token through the command line in-process, then does what {@code main} does before exiting. */
    static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws Exception {
            Path secret = Files.createTempFile("idle-threads", ".secret");
            try (SymblEmulator emulator = SymblEmulator.start()) {
                Files.writeString(secret, SymblEmulator.DEMO_APP_SECRET);
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
                int code = TokenkitCli.run(new String[] {"token", "symbl", "-c", "base-url=" + emulator.baseUri(),
                        "-c", "app-id=" + SymblEmulator.DEMO_APP_ID, "-c", "app-secret=@" + secret}, quiet, quiet, Map.of());
                long afterRun = selectors();
                int alive = IdleThreads.endHttpSelectors();
                System.out.println("exit=" + code + " selectors-after-run=" + afterRun + " still-alive=" + alive
                        + " selectors-after-cleanup=" + selectors());
            } finally {
                Files.deleteIfExists(secret);
            }
        }

        private static long selectors() {
            return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && IdleThreads.isHttpSelector(t)).count();
        }
    }
}
