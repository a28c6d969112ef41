package dev.measureme.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of CONVENTIONS.md, as tests: core imports no framework or driver; roles never import each
 * other; adapters import only core (its ports and model), never a role. Package names below are the real
 * ones ({@code ..server.ingest..}, not a guess), and each rule fails if it matches no class, so a renamed
 * package cannot make a rule vacuous.
 */
class BoundariesTest {

    private static final String CORE = "dev.measureme.core..";
    private static final String[] ROLES = {
        "dev.measureme.server.ingest..",
        "dev.measureme.server.router..",
        "dev.measureme.server.worker..",
        "dev.measureme.server.api..",
        "dev.measureme.server.simulator.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // In a reactor build core's test-jar is on the class path as a jar the predefined option misses.
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("dev.measureme");
    }

    @Test
    void core_dependsOnlyOnTheJdkAndJackson() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage(CORE)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(CORE, "java..", "tools.jackson..", "com.fasterxml.jackson.annotation..")
                .because("core is plain Java: no framework, no driver (CONVENTIONS.md)");
        rule.check(classes);
    }

    @Test
    void roles_doNotDependOnEachOther() {
        slices().matching("dev.measureme.server.(ingest|router|worker|api|simulator)..")
                .should()
                .notDependOnEachOther()
                .because("roles talk only through the ports, so one process is wired as many are")
                .check(classes);
    }

    @Test
    void adapters_doNotDependOnRolesOrTheCompositionRoot() {
        noClasses()
                .that()
                .resideInAPackage("dev.measureme.server.adapter..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROLES)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.measureme.server.account..", "dev.measureme.server.web..")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("MeasureMeApplication")
                .because("adapters implement core ports and know nothing of the roles that use them")
                .check(classes);
    }

    @Test
    void adapters_ofOneTechnology_doNotDependOnAnother() {
        slices().matching("dev.measureme.server.adapter.(*)..")
                .should()
                .notDependOnEachOther()
                .because("each adapter stands alone, so a backend can be swapped on its own")
                .check(classes);
    }

    @Test
    void roles_doNotDependOnAdapters() {
        noClasses()
                .that()
                .resideInAnyPackage(ROLES)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.measureme.server.adapter..")
                .because("roles see backends only through core ports; the composition root wires them")
                .check(classes);
    }
}
