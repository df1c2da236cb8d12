package dev.tokenkit.testkit;

import dev.tokenkit.TokenException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The fault matrix ({@link FaultRows}, then the provider's {@code vendorFaults()}): each row,
 * against a fresh fake server, ends in its exception type, for this provider, after at most one
 * request and within {@link ProviderFixture#ROW_TIME_LIMIT}. Each row prints one line:
 * {@code fault-matrix <id> | row | outcome | requests | time}.
 */
abstract class FaultMatrixChecks extends KitChecks {
    FaultMatrixChecks(TokenProviderContract contract) {
        super(contract);
    }

    @TestFactory
    @DisplayName("every fault ends in its typed error, after at most one request, within 5 s:")
    Stream<DynamicTest> everyFault() {
        List<FaultRow> rows = kit().faultRows(ProviderFixture.newTokenValue());
        return rows.stream().map(row -> dynamicTest(row.toString(), () -> {
            try (ProviderFixture world = kit().fresh()) {
                ProviderFixture.Fetched f = world.fetch(row);
                System.out.printf("fault-matrix %s | %s | %s | %d requests | %d ms%n", kit().id(), row.name(),
                        f.error() == null ? "token" : f.error().getClass().getSimpleName(), f.requests(), f.took().toMillis());
                assertThat(f.token()).as("token returned for row '%s', which must fail", row.name()).isNull();
                assertThat(f.error()).as("error of row '%s'", row.name()).isInstanceOf(row.expected());
                TokenException error = (TokenException) f.error();
                assertThat(error.providerId()).as("providerId() of the error of row '%s'", row.name()).contains(kit().id());
                row.checkDetails(error);
                assertThat(f.requests()).as("requests made by one fetch in row '%s' (a provider never retries)", row.name())
                        .isLessThanOrEqualTo(1);
            }
        }));
    }
}
