/**
 * A fake token endpoint that speaks real HTTP/1.1 on loopback:
 * {@link dev.tokenkit.testkit.server.FakeTokenServer} answers with scripted
 * {@link dev.tokenkit.testkit.server.FakeResponse}s, including misbehaving ones (delays, dropped
 * connections, truncated, trickled and oversized bodies), and records every request as a
 * {@link dev.tokenkit.testkit.server.RecordedRequest}. On top of it,
 * {@link dev.tokenkit.testkit.server.SymblEmulator} and
 * {@link dev.tokenkit.testkit.server.SingleViewEmulator} emulate the two vendors' token
 * endpoints as documented, for provider tests, demos and users' own integration tests.
 *
 * <p>This package depends on the JDK and jakarta.json only (never on JUnit, never on a
 * provider module), so that the command line can run the emulators outside tests.
 */
package dev.tokenkit.testkit.server;
