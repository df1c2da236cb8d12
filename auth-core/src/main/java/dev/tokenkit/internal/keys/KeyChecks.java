package dev.tokenkit.internal.keys;

import dev.tokenkit.ProviderConfigurationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks on key material, each in one place: the key matches its certificate, every
 * certificate of a chain is valid at a given instant, a key file is not open to group or others.
 * Every failure is a {@link ProviderConfigurationException} that names the option and the fix and
 * never quotes key material.
 */
public final class KeyChecks {
    private static final System.Logger LOG = System.getLogger("dev.tokenkit.keys");
    private static final Set<PosixFilePermission> EXPOSED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private KeyChecks() {
    }

    /**
     * The error for a problem with an option's key material.
     *
     * @param option  the option that names the file or holds the key, e.g. {@code tls-client-key}
     * @param problem the problem and its fix, never key material
     * @return the exception, without a provider id (the registry adds it)
     */
    public static ProviderConfigurationException problem(String option, String problem) {
        return new ProviderConfigurationException(null, "option '" + option + "': " + problem);
    }

    /**
     * Requires that the certificate is for the key.
     *
     * @param option      the option, for the message
     * @param keyPublic   the public key of the private key
     * @param certificate the leaf certificate
     * @throws ProviderConfigurationException when they do not match
     */
    public static void requireMatch(String option, PublicKey keyPublic, X509Certificate certificate) {
        if (!Arrays.equals(keyPublic.getEncoded(), certificate.getPublicKey().getEncoded())) {
            throw problem(option, "the certificate " + certificate.getSubjectX500Principal().getName() + " ("
                    + KeyMaterial.describeKey(certificate.getPublicKey()) + ") is not the certificate of this "
                    + KeyMaterial.describeKey(keyPublic) + " key; give the certificate issued for this key (the"
                    + " leaf certificate first in the chain file)");
        }
    }

    /**
     * Requires every certificate of the chain to be valid at {@code now}.
     *
     * @param option the option, for the message
     * @param chain  the certificates
     * @param now    the instant to check against (the provider's clock)
     * @throws ProviderConfigurationException naming the certificate that expired or is not valid yet
     */
    public static void requireValid(String option, List<X509Certificate> chain, Instant now) {
        for (X509Certificate c : chain) {
            String subject = c.getSubjectX500Principal().getName();
            if (now.isAfter(c.getNotAfter().toInstant())) {
                throw problem(option, "the certificate " + subject + " expired at " + c.getNotAfter().toInstant()
                        + "; renew it and give the new certificate");
            }
            if (now.isBefore(c.getNotBefore().toInstant())) {
                throw problem(option, "the certificate " + subject + " is not valid before "
                        + c.getNotBefore().toInstant() + " (check this machine's clock, or wait until then)");
            }
        }
    }

    /**
     * The warning ssh gives for a private key file that group or others may read, when that is
     * the case; empty when the file is private or the file system has no POSIX permissions.
     *
     * @param option the option naming the file
     * @param file   the key file
     * @return the warning line
     */
    public static Optional<String> permissionWarning(String option, Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException | SecurityException e) {
            return Optional.empty();
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(permissions);
        open.retainAll(EXPOSED);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the private key file " + file + " (option '" + option + "') is accessible by group or"
                + " others (" + PosixFilePermissions.toString(permissions) + "); it holds a secret: restrict it with"
                + " chmod 600 " + file);
    }

    /** Logs {@link #permissionWarning} as a warning, when there is one. */
    static void warnIfExposed(String option, Path file) {
        permissionWarning(option, file).ifPresent(w -> LOG.log(System.Logger.Level.WARNING, w));
    }
}
