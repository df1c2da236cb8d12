package dev.tokenkit.testkit;

import dev.tokenkit.emulators.FakeResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The one secret-hygiene sweep: a successful fetch and every row of the fault matrix, each in a
 * fresh world, and then everything the row showed is searched for the configuration's secret
 * values, the secret values the row's requests carried besides them (the contract's
 * {@code sentSecrets(request)}, such as a signed client assertion) and the key material the
 * configuration points to ({@code keyMaterialSecrets()}), in every form an echoing endpoint may send them back ({@link SecretForms}: as given,
 * URL-encoded, JSON-escaped, and their Base64 wherever they sit in a longer text), and the issued
 * token: the error's message, {@code toString()} and printed stack trace
 * (causes and suppressed included), the {@code toString()} of the configuration, the provider and
 * the token, and every record logged under {@code dev.tokenkit} (its formatted text, parameters
 * and throwable), after log capture has been proven with a canary. Each row prints
 * {@code secret-hygiene <id> | row | texts searched}.
 */
abstract class HygieneChecks extends KitChecks {
    HygieneChecks(TokenProviderContract contract) {
        super(contract);
    }

    @TestFactory
    @DisplayName("no secret or token in errors, stack traces, toString() or logs, for a success and every fault:")
    Stream<DynamicTest> nothingLeaks() {
        String token = ProviderFixture.newTokenValue();
        DynamicTest success = dynamicTest("a successful fetch → no secret or token value shown", () -> {
            try (ProviderFixture world = kit().fresh()) {
                world.server.enqueue(FakeResponse.ok(world.successBody(token, "3600")));
                world.shown(world.provider().fetch());
                search(world, "a successful fetch", token, List.of());
            }
        });
        Stream<DynamicTest> faults = kit().faultRows(token).stream().map(row -> dynamicTest(
                row.name() + " → no secret or token shown", () -> {
                    try (ProviderFixture world = kit().fresh()) {
                        ProviderFixture.Fetched f = world.fetch(row);
                        search(world, row.name(), token, f.error() == null ? List.of() : List.of(f.error()));
                    }
                }));
        return Stream.concat(Stream.of(success), faults);
    }

    private void search(ProviderFixture world, String row, String token, List<Throwable> errors) {
        List<String> texts = new ArrayList<>();
        for (Throwable e : errors) {
            texts.add(String.valueOf(e.getMessage()));
            texts.add(e.toString());
            texts.add(Printed.stackTrace(e));
        }
        world.shown().forEach(x -> texts.add(String.valueOf(x)));
        texts.addAll(world.logs.texts());
        List<String> hidden = new ArrayList<>(SecretForms.of(world.sweptSecrets()));
        hidden.add(token);
        for (String text : texts) {
            for (String value : hidden) {
                assertThat(text).as("text shown by row '%s' must not contain a secret or the token", row)
                        .doesNotContain(value);
            }
        }
        System.out.printf("secret-hygiene %s | %s | %d texts searched%n", kit().id(), row, texts.size());
    }
}
