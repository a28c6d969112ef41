package dev.measureme.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class RoleReadinessTest {

    private final RoleReadiness readiness = new RoleReadiness();

    @Test
    void postProcess_ingestInDistributedProfile_waitsForDatabaseAndBrokerOnly() {
        MockEnvironment environment = distributed("ingest");

        readiness.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(RoleReadiness.READINESS)).isEqualTo("readinessState,db,rabbit");
    }

    @Test
    void postProcess_severalRoles_waitsForTheUnionOfTheirBackends() {
        MockEnvironment environment = distributed("router,api");

        readiness.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(RoleReadiness.READINESS)).isEqualTo("readinessState,db,rabbit,redis");
    }

    @Test
    void postProcess_whenOperatorChoseTheGroup_keepsTheirChoice() {
        MockEnvironment environment = distributed("worker").withProperty(RoleReadiness.READINESS, "readinessState");

        readiness.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(RoleReadiness.READINESS)).isEqualTo("readinessState");
    }

    @Test
    void postProcess_embedded_changesNothing() {
        MockEnvironment environment = new MockEnvironment().withProperty("measureme.target", "all");

        readiness.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.containsProperty(RoleReadiness.READINESS)).isFalse();
    }

    private static MockEnvironment distributed(String target) {
        MockEnvironment environment = new MockEnvironment().withProperty("measureme.target", target);
        environment.setActiveProfiles(DistributedBackends.PROFILE);
        return environment;
    }
}
