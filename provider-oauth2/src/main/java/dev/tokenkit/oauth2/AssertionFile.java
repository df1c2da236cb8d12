package dev.tokenkit.oauth2;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file holding an assertion made elsewhere (a Kubernetes-projected service account token, a
 * workload identity token), read again at every use so that the current one is sent; its value is
 * never kept and never quoted.
 */
final class AssertionFile {
    /** A compact JWS is far smaller; a larger file is the wrong file. */
    private static final long MAX_BYTES = 64 * 1024;

    private final String option;
    private final Path file;

    AssertionFile(String option, Path file) {
        this.option = option;
        this.file = file;
    }

    /**
     * The file's assertion, without surrounding whitespace.
     *
     * @return the assertion
     * @throws ProviderConfigurationException when the file cannot be read or holds no compact JWT
     */
    Secret read() {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw problem("is larger than " + MAX_BYTES + " bytes, so it is not an assertion");
            }
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw problem("cannot be read (" + e.getClass().getSimpleName() + "); check that the file exists and this"
                    + " process may read it");
        }
        if (text.isEmpty()) {
            throw problem("is empty; it must hold one assertion, a JWT");
        }
        int dots = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw problem("does not hold a JWT: a compact JWT is base64url text in three parts separated by dots");
            }
        }
        if (dots != 2) {
            throw problem("does not hold a JWT: a compact JWT has three parts separated by dots, this has "
                    + (dots + 1));
        }
        return Secret.of(text);
    }

    private ProviderConfigurationException problem(String what) {
        return new ProviderConfigurationException(null, "option '" + option + "': the file " + file + " " + what);
    }

    @Override
    public String toString() {
        return "AssertionFile[" + option + "=" + file + "]";
    }
}
