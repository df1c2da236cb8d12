package dev.tokenkit.cli;

import dev.tokenkit.ProviderConfigurationException;
import dev.tokenkit.emulators.EmulatedVendor;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;

/**
 * The emulators that {@code tokenkit emulate} and {@code tokenkit demo} serve: every
 * {@link EmulatedVendor} found with the command line's class loader (the built-in ones, and any
 * in {@code --provider-path} jars). The commands know no vendor.
 */
final class Vendors {
    private Vendors() {
    }

    /** The vendors found, in the order found. */
    static List<EmulatedVendor> found(TokenkitCli cli) {
        return load(cli.loader());
    }

    private static List<EmulatedVendor> load(ClassLoader loader) {
        try {
            return EmulatedVendor.load(loader);
        } catch (ServiceConfigurationError e) {
            throw new ProviderConfigurationException(null, "cannot load the emulators: " + e.getMessage());
        }
    }

    /** The vendor that emulates this provider id, if found. */
    static Optional<EmulatedVendor> find(List<EmulatedVendor> found, String id) {
        return found.stream().filter(v -> v.providerId().equals(id)).findFirst();
    }

    /** The provider ids of the vendors, in the order found. */
    static List<String> ids(List<EmulatedVendor> found) {
        return found.stream().map(EmulatedVendor::providerId).toList();
    }

    /** The values the vendor's emulator accepts by default: its demo credentials, by option name. */
    static Map<String, String> demoValues(EmulatedVendor vendor) {
        Map<String, String> values = new LinkedHashMap<>();
        vendor.options().forEach(option -> values.put(option.name(), option.demoValue()));
        return values;
    }

    /** The ids for the commands' help ({@code ${COMPLETION-CANDIDATES}}), found when the help is shown. */
    static final class Ids implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return ids(load(context != null ? context : Vendors.class.getClassLoader())).iterator();
        }
    }
}
