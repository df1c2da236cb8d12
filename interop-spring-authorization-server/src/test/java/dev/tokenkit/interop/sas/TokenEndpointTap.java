package dev.tokenkit.interop.sas;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A servlet filter in front of Spring Security's chain that sees every {@code POST} to the
 * token endpoint: it counts them, keeps the {@code client_assertion} each carried, and answers
 * the next {@link #failNext(int) n} of them itself with a {@code 503} (Retry-After 1 s) before
 * the authorization server sees them, so that a test can count a retry.
 */
final class TokenEndpointTap implements Filter {
    private final String tokenPath;
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<Optional<String>> assertions = new CopyOnWriteArrayList<>();

    TokenEndpointTap(String tokenPath) {
        this.tokenPath = tokenPath;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!"POST".equals(http.getMethod()) || !tokenPath.equals(http.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        posts.incrementAndGet();
        // a form parameter read here stays readable for the filters after this one
        assertions.add(Optional.ofNullable(http.getParameter("client_assertion")));
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            HttpServletResponse answer = (HttpServletResponse) response;
            answer.setStatus(503);
            answer.setHeader("Retry-After", "1");
            answer.setContentType("application/json");
            answer.getWriter().write("{\"error\":\"temporarily_unavailable\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** The token requests received so far, the failed ones included. */
    int posts() {
        return posts.get();
    }

    /** The {@code client_assertion} of each token request so far, in order; empty for a request without one. */
    List<Optional<String>> assertions() {
        return List.copyOf(assertions);
    }

    /** Answers the next {@code count} token requests with a 503 before the server sees them. */
    void failNext(int count) {
        failuresLeft.set(count);
    }

    /** Forgets what was counted, for the next test on the same server. */
    void reset() {
        posts.set(0);
        failuresLeft.set(0);
        assertions.clear();
    }
}
