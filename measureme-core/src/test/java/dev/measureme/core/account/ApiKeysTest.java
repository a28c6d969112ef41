package dev.measureme.core.account;

import static dev.measureme.core.fixture.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void issue_always_makesSecretWithMmPrefix() {
        ApiKeys.Issued issued = ApiKeys.issue("guest", Set.of(Scope.INGEST), "phone-app", T0);

        assertThat(issued.secret()).startsWith("mm_");
        assertThat(issued.key().prefix()).startsWith("mm_");
        assertThat(issued.secret()).startsWith(issued.key().prefix());
    }

    @Test
    void issue_always_storesSha256HexOfSecretAndNotTheSecret() {
        ApiKeys.Issued issued = ApiKeys.issue("guest", Set.of(Scope.INGEST), "phone-app", T0);

        assertThat(issued.key().hash()).isEqualTo(ApiKeys.hash(issued.secret()));
        assertThat(issued.key().hash()).matches("[0-9a-f]{64}");
        assertThat(issued.key().hash()).doesNotContain(issued.secret());
    }

    @Test
    void issue_always_keepsOwnerScopesSourceAndTime() {
        ApiKey key =
                ApiKeys.issue("guest", Set.of(Scope.INGEST), "phone-app", T0).key();

        assertThat(key.user()).isEqualTo("guest");
        assertThat(key.scopes()).containsExactly(Scope.INGEST);
        assertThat(key.source()).isEqualTo("phone-app");
        assertThat(key.createdAt()).isEqualTo(T0);
        assertThat(key.revokedAt()).isNull();
    }

    @Test
    void issue_calledTwice_makesDifferentSecretsAndIds() {
        ApiKeys.Issued first = ApiKeys.issue("guest", Set.of(Scope.INGEST), "phone-app", T0);
        ApiKeys.Issued second = ApiKeys.issue("guest", Set.of(Scope.INGEST), "phone-app", T0);

        assertThat(first.secret()).isNotEqualTo(second.secret());
        assertThat(first.key().hash()).isNotEqualTo(second.key().hash());
        assertThat(first.key().id()).isNotEqualTo(second.key().id());
    }

    @Test
    void hash_ofKnownInput_isSha256Hex() {
        // FIPS 180-2 test vector: SHA-256("abc").
        assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
