package dev.tokenkit.testkit;

import dev.tokenkit.TokenException;
import dev.tokenkit.emulators.FakeResponse;
import dev.tokenkit.emulators.FakeTokenServer;
import dev.tokenkit.emulators.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One row of the fault matrix: what the token endpoint does, and the {@link TokenException} type
 * one token fetch must end in. {@link FaultRows#of FaultRows.of(..)} gives the standard table;
 * {@link #of(String, Class, FakeResponse...)} makes a vendor's own row.
 *
 * <p>To run a row against anything that fetches tokens (a provider, a {@code TokenSource}, the
 * {@code tokenkit token} command), start a {@link FakeTokenServer}, let {@link #script} set it up
 * and point the client at the URI it returns, with {@code request-timeout} set to
 * {@link FaultRows#REQUEST_TIMEOUT}:
 *
 * <pre>{@code
 * for (FaultRow row : FaultRows.of(this::successBody, invalidCredentials, token)) {
 *     try (FakeTokenServer server = FakeTokenServer.start()) {
 *         URI base = row.script(server);
 *         // fetch with base-url = base, request-timeout = 500ms; expect row.expected()
 *     }
 * }
 * }</pre>
 */
public final class FaultRow {
    private final String name;
    private final List<FakeResponse> answers;
    private final Class<? extends TokenException> expected;
    private final List<Detail> details;
    /** For a row that answers from the request it received; {@code null} for a scripted row. */
    private final Function<RecordedRequest, FakeResponse> responder;

    /** Something the row's error must carry besides its type: {@code what} is {@code value}. */
    private record Detail(String what, Function<TokenException, Object> read, Object value) {
    }

    private FaultRow(String name, List<FakeResponse> answers, Class<? extends TokenException> expected,
                     List<Detail> details, Function<RecordedRequest, FakeResponse> responder) {
        this.name = name;
        this.answers = answers;
        this.expected = expected;
        this.details = details;
        this.responder = responder;
    }

    /**
     * A row: the server answers each request with the next of {@code answers}, repeating the last
     * one for any further request; with no answers nothing listens (connection refused).
     *
     * @param name     what the fault is, in words; it names the row's tests
     * @param expected the exception type one fetch must end in
     * @param answers  the server's answers, in order
     * @return the row
     * @throws NullPointerException     if an argument or an answer is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static FaultRow of(String name, Class<? extends TokenException> expected, FakeResponse... answers) {
        Objects.requireNonNull(expected, "expected");
        List<FakeResponse> list = new ArrayList<>();
        for (FakeResponse answer : answers) {
            list.add(Objects.requireNonNull(answer, "answer"));
        }
        return new FaultRow(checkName(name), List.copyOf(list), expected, List.of(), null);
    }

    /**
     * A row whose server answers every request with what {@code answer} makes of it: a fault that
     * depends on the request, such as a token endpoint that echoes what it received.
     *
     * @param name     what the fault is, in words; it names the row's tests
     * @param expected the exception type one fetch must end in
     * @param answer   the server's answer to a request it received
     * @return the row; its {@link #answers()} are empty
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static FaultRow answering(String name, Class<? extends TokenException> expected,
                                     Function<RecordedRequest, FakeResponse> answer) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(answer, "answer");
        return new FaultRow(checkName(name), List.of(), expected, List.of(), answer);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a fault row needs a name that says what the fault is");
        }
        return name;
    }

    /**
     * What the fault is, in words.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The server's answers, in order; the last one is repeated for any further request, so a
     * client that retries meets the same fault again. Empty when the fault is that nothing
     * listens (connection refused), and for a row made with {@link #answering}.
     *
     * @return the answers
     */
    public List<FakeResponse> answers() {
        return answers;
    }

    /**
     * The exception type one fetch must end in. No row of the matrix ends in a token.
     *
     * @return the exception type
     */
    public Class<? extends TokenException> expected() {
        return expected;
    }

    /**
     * Scripts the server with this row's answers (or its {@link #answering answer function}) and
     * returns the base URI to point the client at: the server's, or, when the row has no answers,
     * a loopback port where nothing listens.
     *
     * @param server a server with nothing scripted yet
     * @return the base URI for the client's configuration
     * @throws UncheckedIOException if no free loopback port could be found for "nothing listens"
     */
    public URI script(FakeTokenServer server) {
        if (responder != null) {
            server.respondWith(responder);
            return server.baseUri();
        }
        if (answers.isEmpty()) {
            return closedPort();
        }
        server.enqueue(answers.toArray(FakeResponse[]::new));
        FakeResponse last = answers.get(answers.size() - 1);
        server.respondWith(request -> last);
        return server.baseUri();
    }

    /**
     * The row as its tests are named: the fault and the expected exception type.
     *
     * @return for example {@code empty body with HTTP 200 → MalformedResponseException}
     */
    @Override
    public String toString() {
        return name + " → " + expected.getSimpleName();
    }

    /** The same row, whose error must also carry {@code value} as {@code what}. */
    FaultRow carrying(String what, Function<TokenException, Object> read, Object value) {
        List<Detail> more = new ArrayList<>(details);
        more.add(new Detail(what, read, value));
        return new FaultRow(name, answers, expected, List.copyOf(more), responder);
    }

    /** Checks what the row's error must carry besides its type. */
    void checkDetails(TokenException error) {
        for (Detail d : details) {
            assertThat(d.read().apply(error)).as("%s of the error of row '%s'", d.what(), name).isEqualTo(d.value());
        }
    }

    private static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the row 'nothing listens'", e);
        }
    }
}
