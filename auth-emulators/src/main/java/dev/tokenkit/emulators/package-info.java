/**
 * A fake token endpoint that speaks real HTTP/1.1 on loopback:
 * {@link dev.tokenkit.emulators.FakeTokenServer} answers with scripted
 * {@link dev.tokenkit.emulators.FakeResponse}s, including misbehaving ones (delays, dropped
 * connections, truncated, trickled and oversized bodies), and records every request as a
 * {@link dev.tokenkit.emulators.RecordedRequest}. On top of it,
 * {@link dev.tokenkit.emulators.SymblEmulator} and
 * {@link dev.tokenkit.emulators.SingleViewEmulator} emulate the two vendors' token
 * endpoints as documented, and {@link dev.tokenkit.emulators.OAuth2Emulator} a standard OAuth 2.0
 * server, for provider tests, demos and users' own integration tests. Each is also an
 * {@link dev.tokenkit.emulators.EmulatedVendor}, through which the command line serves
 * ({@code tokenkit emulate}) and demonstrates ({@code tokenkit demo}) it without knowing it.
 *
 * <p>This package depends on the JDK and jakarta.json only (never on JUnit, never on a
 * provider module), so that the command line ({@code tokenkit emulate}) and users' own programs
 * can run the emulators outside tests.
 */
package dev.tokenkit.emulators;
