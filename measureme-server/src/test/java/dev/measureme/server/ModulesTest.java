package dev.measureme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModulesTest {

    @Test
    void resolve_all_isEveryRoleWithItsDependenciesFirst() {
        assertThat(Modules.resolve("all"))
                .containsExactly("accounts", "ingest", "router", "worker", "simulator", "api", "all");
    }

    @Test
    void resolve_oneRole_bringsOnlyWhatItNeeds() {
        assertThat(Modules.resolve("worker")).containsExactly("worker");
        assertThat(Modules.resolve("ingest")).containsExactly("accounts", "ingest");
        assertThat(Modules.resolve("api")).containsExactly("accounts", "simulator", "api");
    }

    @Test
    void resolve_aCommaSeparatedList_takesEachOnceAndIgnoresSpaces() {
        assertThat(Modules.resolve("router, worker,router")).containsExactly("accounts", "router", "worker");
    }

    @Test
    void resolve_unknownTarget_failsListingTheValidOnes() {
        assertThatThrownBy(() -> Modules.resolve("ingest,routr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "measureme.target: unknown target 'routr'; valid targets are all, api, ingest, router, worker");
    }

    @Test
    void resolve_internalModuleName_isNotATarget() {
        assertThatThrownBy(() -> Modules.resolve("accounts")).hasMessageContaining("unknown target 'accounts'");
    }
}
