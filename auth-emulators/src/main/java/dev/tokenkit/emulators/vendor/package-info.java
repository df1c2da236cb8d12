/**
 * The built-in emulators as {@link dev.tokenkit.emulators.EmulatedVendor}s, one class each,
 * registered for {@link java.util.ServiceLoader}. Not exported: they are found, never named.
 */
package dev.tokenkit.emulators.vendor;
