package dev.tokenkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.testkit.KitResults;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The store contract tests itself: each deliberately broken store fails the check that targets
 * its defect, and only checks about that defect. A check that cannot fail would show up here.
 */
class StoreContractSelfTest {

    private static Set<String> failedChecks(Class<?> fixture) {
        return KitResults.failedChecks(fixture, 10);
    }

    @Test
    @DisplayName("a store where the last writer wins fails publish-if-newer")
    void lastWriterWins() {
        // it may also lose the publish race, depending on which racer writes last
        assertThat(failedChecks(BrokenStoreFixtures.LastWriterWinsFixture.class))
                .contains("publishIfNewer", "otherWritersNewerTokenWins", "replacingNothing")
                .isSubsetOf("publishIfNewer", "otherWritersNewerTokenWins", "replacingNothing", "publishRace");
    }

    @Test
    @DisplayName("a store that ignores the secret material gives a token to a key with other secrets")
    void ignoresSecrets() {
        assertThat(failedChecks(BrokenStoreFixtures.IgnoresSecretsFixture.class)).containsExactly("otherSecretsSeeNothing");
    }

    @Test
    @DisplayName("a store whose publish-if-newer is read, compare, write (not atomic) fails the publish race")
    void checkThenWrite() {
        assertThat(failedChecks(BrokenStoreFixtures.CheckThenWriteFixture.class)).containsExactly("publishRace");
    }

    @Test
    @DisplayName("a store whose lease everyone gets fails the lease checks")
    void sharedLease() {
        assertThat(failedChecks(BrokenStoreFixtures.SharedLeaseFixture.class))
                .contains("oneHolder", "race", "releaseIsCompareAndDelete");
    }

    @Test
    @DisplayName("a store whose invalidate deletes any value fails compare-and-delete")
    void deleteAnything() {
        assertThat(failedChecks(BrokenStoreFixtures.DeleteAnythingFixture.class)).containsExactly("compareAndDelete");
    }

    @Test
    @DisplayName("a store that ignores the token a writer replaces keeps the writer on its own older token")
    void ignoresReplacing() {
        assertThat(failedChecks(BrokenStoreFixtures.IgnoresReplacingFixture.class)).containsExactly("writerReplacesItsOwn");
    }

    @Test
    @DisplayName("a store that lets a writer replace whatever is stored loses another writer's newer token")
    void replacesAnything() {
        assertThat(failedChecks(BrokenStoreFixtures.ReplacesAnythingFixture.class))
                .containsExactly("otherWritersNewerTokenWins");
    }

    @Test
    @DisplayName("a store whose leases never expire fails the expiry checks")
    void eternalLease() {
        assertThat(failedChecks(BrokenStoreFixtures.EternalLeaseFixture.class))
                .containsExactly("expires", "releaseIsCompareAndDelete");
    }
}
