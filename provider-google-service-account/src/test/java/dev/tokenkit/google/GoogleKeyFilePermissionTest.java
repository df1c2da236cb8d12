package dev.tokenkit.google;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.ProviderConfig;
import dev.tokenkit.TokenProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service-account key file that group or others may read is warned about, as for PEM key files
 * (through System.Logger, whose default backend is java.util.logging).
 */
class GoogleKeyFilePermissionTest {
    /** A strong reference: java.util.logging holds loggers weakly, and would forget the filter. */
    private final Logger keys = Logger.getLogger("dev.tokenkit.keys");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        // every record of the logger is kept here instead of printed
        keys.setFilter(record -> !records.add(record));
    }

    @AfterEach
    void release() {
        keys.setFilter(null);
    }

    private List<String> warningsReading(Path file) {
        records.clear();
        TokenProviders.load().provider("google-service-account", ProviderConfig.builder()
                .put("key-file", file.toString()).put("scopes", "openid").build());
        return records.stream().filter(r -> r.getLevel().equals(Level.WARNING)).map(LogRecord::getMessage).toList();
    }

    @Test
    @DisplayName("a key file readable by group or others is warned about with the fix; an owner-only one is not")
    void exposedKeyFile() throws Exception {
        Path file = TestServiceAccounts.write(dir.resolve("key.json"), TestServiceAccounts.rsa(), null);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(warningsReading(file)).singleElement().asString()
                .contains("'key-file'", "accessible by group or others (rw-r--r--)", "chmod 600 " + file)
                .doesNotContain("PRIVATE KEY");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(warningsReading(file)).isEmpty();
    }
}
