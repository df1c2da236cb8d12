/**
 * A fake token endpoint that speaks real HTTP/1.1 on loopback:
 * {@link dev.tokenkit.testkit.server.FakeTokenServer} answers with scripted
 * {@link dev.tokenkit.testkit.server.FakeResponse}s, including misbehaving ones (delays, dropped
 * connections, truncated, trickled and oversized bodies), and records every request as a
 * {@link dev.tokenkit.testkit.server.RecordedRequest}.
 *
 * <p>This package depends on the JDK only (never on JUnit), so that emulators and the command
 * line can use it outside tests.
 */
package dev.tokenkit.testkit.server;
