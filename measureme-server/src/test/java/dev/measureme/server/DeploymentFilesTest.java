package dev.measureme.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment files ({@code Dockerfile}, {@code deploy/docker-compose.yml}, {@code deploy/k8s/}) agree with the
 * code: every target in {@link Modules#TARGETS} is deployed as its own role with the distributed profile, its
 * connections, probes on the actuator's health groups and enough time to shut down; and every {@code MEASUREME_*}
 * setting they name is a property the application binds. The files are read relative to the module directory,
 * where surefire runs.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    private static final Path COMPOSE = ROOT.resolve("deploy/docker-compose.yml");
    private static final Path K8S = ROOT.resolve("deploy/k8s");

    /** The port every role listens on ({@code server.port}). */
    private static final int HTTP_PORT = 8080;

    private static final String READINESS_URL = "http://localhost:" + HTTP_PORT + "/actuator/health/readiness";
    private static final String LIVENESS_URL = "http://localhost:" + HTTP_PORT + "/actuator/health/liveness";

    /** Graceful shutdown finishes in-flight work within 30 s; the orchestrator must wait longer before it kills. */
    private static final Duration MIN_SHUTDOWN_GRACE = Duration.ofSeconds(35);

    /** The settings without which a role would connect to localhost. */
    private static final List<String> CONNECTIONS =
            List.of("SPRING_RABBITMQ_HOST", "SPRING_DATASOURCE_URL", "SPRING_DATA_REDIS_HOST");

    private static final String PARTITIONS = "MEASUREME_PARTITIONS";

    /** The Secret that holds the backends' passwords in Kubernetes. */
    private static final String SECRET = "measureme-backends";

    /** The queue that ingest publishes to and the routers consume (DESIGN §2). */
    private static final String INGEST_QUEUE = "measureme.ingest";

    /**
     * A role as one deployment file runs it.
     *
     * @param name the compose service or Kubernetes Deployment
     * @param env the environment the process gets, with Kubernetes' ConfigMap included; secrets as placeholders
     * @param shutdownGrace how long the process may take after SIGTERM before it is killed
     * @param readinessUrl what the readiness check asks for, as {@code http://localhost:<port><path>}
     * @param source the compose service or the Deployment, as parsed
     */
    record Role(
            String name,
            int replicas,
            Map<String, String> env,
            Duration shutdownGrace,
            String readinessUrl,
            Map<String, Object> source) {

        String target() {
            return env.get("MEASUREME_TARGET");
        }
    }

    @Test
    void compose_declaresEveryRoleWithReplicasAndReadinessCheck() {
        List<Role> roles = composeRoles();

        assertThat(roles).extracting(Role::target).containsExactlyInAnyOrderElementsOf(deployedTargets());
        assertThat(roles).allSatisfy(role -> {
            assertThat(role.replicas()).as("%s deploy.replicas", role.name()).isPositive();
            assertThat(role.readinessUrl()).as("%s healthcheck", role.name()).isEqualTo(READINESS_URL);
            List<String> check = healthcheck(role.source());
            assertThat(check.get(1)).as("%s healthcheck runs", role.name()).isEqualTo("curl");
            assertThat(check)
                    .as("%s healthcheck fails on a 503", role.name())
                    .anyMatch(arg -> arg.equals("--fail") || arg.matches("-[a-zA-Z]*f[a-zA-Z]*"));
            assertThat(list(role.source().get("ports")))
                    .as("%s ports", role.name())
                    .allSatisfy(port -> assertThat(containerPort(port)).isEqualTo(HTTP_PORT));
        });
        assertThat(roles)
                .filteredOn(role -> Set.of(Modules.INGEST, Modules.API).contains(role.target()))
                .as("the roles that take requests publish a port")
                .hasSize(2)
                .allSatisfy(role -> assertThat(list(role.source().get("ports"))).isNotEmpty());
        assertThat(roles)
                .extracting(role -> role.source().get("image"))
                .as("one image")
                .containsOnly(image(roles));
    }

    @Test
    void compose_rolesDependOnTheBackendsTheyConnectTo() {
        Map<String, Object> services = map(compose().get("services"));
        for (Role role : composeRoles()) {
            Map<String, String> env = role.env();
            URI database = URI.create(env.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));
            List<String> backends =
                    List.of(env.get("SPRING_RABBITMQ_HOST"), database.getHost(), env.get("SPRING_DATA_REDIS_HOST"));

            assertThat(services).as("services").containsKeys(backends.toArray(String[]::new));
            assertThat(dependsOn(role.source()))
                    .as("%s depends_on", role.name())
                    .containsAll(backends);
            assertThat(backends)
                    .allSatisfy(backend -> assertThat(map(services.get(backend)))
                            .as("%s healthcheck", backend)
                            .containsKey("healthcheck"));

            Map<String, String> rabbit = environment(map(services.get(env.get("SPRING_RABBITMQ_HOST"))));
            assertThat(rabbit)
                    .as("%s logs in to RabbitMQ as it is set up", role.name())
                    .containsEntry("RABBITMQ_DEFAULT_USER", env.get("SPRING_RABBITMQ_USERNAME"))
                    .containsEntry("RABBITMQ_DEFAULT_PASS", env.get("SPRING_RABBITMQ_PASSWORD"));
            Map<String, String> postgres = environment(map(services.get(database.getHost())));
            assertThat(postgres)
                    .as("%s logs in to PostgreSQL as it is set up", role.name())
                    .containsEntry("POSTGRES_DB", database.getPath().substring(1))
                    .containsEntry("POSTGRES_USER", env.get("SPRING_DATASOURCE_USERNAME"))
                    .containsEntry("POSTGRES_PASSWORD", env.get("SPRING_DATASOURCE_PASSWORD"));
        }
    }

    @Test
    void k8s_declaresEveryRoleWithReplicasAndProbes() {
        List<Role> roles = k8sRoles();

        assertThat(roles).extracting(Role::target).containsExactlyInAnyOrderElementsOf(deployedTargets());
        assertThat(roles).allSatisfy(role -> {
            Map<String, Object> container = container(role.source());
            assertThat(role.replicas()).as("%s replicas", role.name()).isPositive();
            assertThat(role.readinessUrl()).as("%s readinessProbe", role.name()).isEqualTo(READINESS_URL);
            assertThat(probeUrl(container, "livenessProbe"))
                    .as("%s livenessProbe", role.name())
                    .isEqualTo(LIVENESS_URL);
            assertThat(containerPorts(container)).as("%s ports", role.name()).containsEntry("http", HTTP_PORT);
        });
        assertThat(roles)
                .extracting(role -> container(role.source()).get("image"))
                .as("one image")
                .containsOnly(image(roles));
    }

    @Test
    void everyRole_runsDistributedWithItsConnections() {
        assertThat(allRoles()).allSatisfy(role -> {
            assertThat(role.env().getOrDefault("SPRING_PROFILES_ACTIVE", "").split(","))
                    .as("%s SPRING_PROFILES_ACTIVE", role.name())
                    .contains("distributed");
            assertThat(role.env()).as("%s environment", role.name()).containsKeys(CONNECTIONS.toArray(String[]::new));
            assertThat(CONNECTIONS)
                    .allSatisfy(key -> assertThat(role.env().get(key))
                            .as("%s %s", role.name(), key)
                            .isNotBlank());
        });
    }

    @Test
    void everyRole_getsTimeToShutDownGracefully() {
        assertThat(allRoles())
                .allSatisfy(role -> assertThat(role.shutdownGrace())
                        .as("%s time after SIGTERM", role.name())
                        .isGreaterThanOrEqualTo(MIN_SHUTDOWN_GRACE));
    }

    @Test
    void workers_doNotOutnumberThePartitions() {
        for (List<Role> roles : List.of(composeRoles(), k8sRoles())) {
            Role worker = roles.stream()
                    .filter(r -> r.target().equals(Modules.WORKER))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no worker among " + roles));
            assertThat(worker.replicas()).as("%s replicas", worker.name()).isLessThanOrEqualTo(partitions(worker));
        }
    }

    @Test
    void k8s_podsRunAsNonRootOnAReadOnlyFilesystem() {
        String uid = dockerUser().split(":")[0];
        assertThat(uid).as("the Dockerfile's USER").matches("[0-9]+");
        assertThat(k8sRoles()).allSatisfy(role -> {
            Map<String, Object> pod = podSpec(role.source());
            Map<String, Object> container = container(role.source());
            assertThat(map(pod.get("securityContext")))
                    .as("%s pod securityContext", role.name())
                    .containsEntry("runAsNonRoot", true)
                    .containsEntry("runAsUser", Integer.parseInt(uid));
            assertThat(map(container.get("securityContext")))
                    .as("%s container securityContext", role.name())
                    .containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);
            String tmpVolume = list(container.get("volumeMounts")).stream()
                    .map(DeploymentFilesTest::map)
                    .filter(mount -> "/tmp".equals(mount.get("mountPath")))
                    .map(mount -> (String) mount.get("name"))
                    .findFirst()
                    .orElse("(no mount at /tmp)");
            assertThat(list(pod.get("volumes")))
                    .as("%s has a writable /tmp", role.name())
                    .map(DeploymentFilesTest::map)
                    .anyMatch(volume -> tmpVolume.equals(volume.get("name")) && volume.containsKey("emptyDir"));
        });
    }

    @Test
    void k8s_passwordsComeFromTheSecret() {
        Set<String> secretKeys = k8sDocuments().stream()
                .filter(doc -> "Secret".equals(doc.get("kind")) && SECRET.equals(at(doc, "metadata", "name")))
                .flatMap(doc -> map(doc.get("stringData")).keySet().stream())
                .collect(Collectors.toSet());
        assertThat(configMapData().keySet()).as("ConfigMap keys").noneMatch(key -> key.contains("PASSWORD"));
        assertThat(k8sRoles()).allSatisfy(role -> {
            List<Map<String, Object>> passwords = list(container(role.source()).get("env")).stream()
                    .map(DeploymentFilesTest::map)
                    .filter(variable -> ((String) variable.get("name")).endsWith("_PASSWORD"))
                    .toList();
            assertThat(passwords)
                    .as("%s passwords", role.name())
                    .extracting(variable -> variable.get("name"))
                    .containsExactlyInAnyOrder("SPRING_RABBITMQ_PASSWORD", "SPRING_DATASOURCE_PASSWORD");
            assertThat(passwords).allSatisfy(variable -> {
                Map<String, Object> ref = map(at(variable, "valueFrom", "secretKeyRef"));
                assertThat(ref.get("name"))
                        .as("%s %s", role.name(), variable.get("name"))
                        .isEqualTo(SECRET);
                assertThat(secretKeys).as("keys of the example Secret").contains((String) ref.get("key"));
            });
        });
    }

    @Test
    void api_sendsItsSimulationsToTheIngestService() {
        Map<String, Role> compose = new HashMap<>();
        composeRoles().forEach(role -> compose.put(role.target(), role));
        assertThat(compose.get(Modules.API).env())
                .containsEntry(
                        "MEASUREME_SIMULATOR_INGEST_URL",
                        "http://" + compose.get(Modules.INGEST).name() + ":" + HTTP_PORT);

        Map<String, Object> ingestService = kind("Service").stream()
                .filter(service -> Modules.INGEST.equals(
                        map(at(service, "spec", "selector")).get("app.kubernetes.io/component")))
                .findFirst()
                .orElseThrow();
        Object port = map(list(at(ingestService, "spec", "ports")).getFirst()).get("port");
        Map<String, Role> k8s = new HashMap<>();
        k8sRoles().forEach(role -> k8s.put(role.target(), role));
        assertThat(k8s.get(Modules.API).env())
                .containsEntry(
                        "MEASUREME_SIMULATOR_INGEST_URL",
                        "http://" + at(ingestService, "metadata", "name")
                                + (Integer.valueOf(80).equals(port) ? "" : ":" + port));
    }

    @Test
    void k8s_servicesAndIngressRouteEventsToIngestAndTheRestToApi() {
        Map<String, Role> byTarget = new HashMap<>();
        k8sRoles().forEach(role -> byTarget.put(role.target(), role));
        Map<String, String> serviceTargets = new HashMap<>();
        for (Map<String, Object> service : kind("Service")) {
            Role role = byTarget.values().stream()
                    .filter(r -> map(at(r.source(), "spec", "template", "metadata", "labels"))
                            .entrySet()
                            .containsAll(map(at(service, "spec", "selector")).entrySet()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no Deployment for Service " + at(service, "metadata")));
            assertThat(list(at(service, "spec", "ports")))
                    .map(DeploymentFilesTest::map)
                    .allSatisfy(port -> assertThat(resolvePort(container(role.source()), port.get("targetPort")))
                            .isEqualTo(HTTP_PORT));
            serviceTargets.put((String) at(service, "metadata", "name"), role.target());
        }

        Map<String, String> routes = new LinkedHashMap<>();
        for (Map<String, Object> ingress : kind("Ingress")) {
            for (Object rule : list(at(ingress, "spec", "rules"))) {
                for (Object path : list(at(rule, "http", "paths"))) {
                    routes.put(at(path, "pathType") + " " + at(path, "path"), serviceTargets.get((String)
                            at(path, "backend", "service", "name")));
                }
            }
        }
        assertThat(routes).containsEntry("Exact /api/v1/events", Modules.INGEST).containsEntry("Prefix /", Modules.API);
    }

    @Test
    void autoscaling_scalesTheRouterOnTheIngestQueueAndWorkersAtMostToP() {
        Map<String, Role> deployments = new HashMap<>();
        k8sRoles().forEach(role -> deployments.put(role.name(), role));
        List<Map<String, Object>> scaled = kind("ScaledObject");

        assertThat(scaled).allSatisfy(object -> {
            Role role = deployments.get((String) at(object, "spec", "scaleTargetRef", "name"));
            assertThat(role)
                    .as("the Deployment that %s scales", at(object, "metadata", "name"))
                    .isNotNull();
            int min = integer(object, "spec", "minReplicaCount");
            int max = integer(object, "spec", "maxReplicaCount");
            assertThat(min).isPositive();
            assertThat(max).isGreaterThanOrEqualTo(Math.max(min, role.replicas()));
            if (role.target().equals(Modules.WORKER)) {
                assertThat(max).as("workers beyond P only stand by").isLessThanOrEqualTo(partitions(role));
            }
        });
        assertThat(scaled)
                .as("a ScaledObject for the router on the ingest queue")
                .anyMatch(object -> deployments
                                .get((String) at(object, "spec", "scaleTargetRef", "name"))
                                .target()
                                .equals(Modules.ROUTER)
                        && list(at(object, "spec", "triggers")).stream()
                                .anyMatch(trigger -> "rabbitmq".equals(at(trigger, "type"))
                                        && INGEST_QUEUE.equals(at(trigger, "metadata", "queueName"))));
    }

    @Test
    void dockerfile_buildsInStagesAndRunsAsNonRootWithContainerFlags() {
        List<String[]> instructions = dockerfile();
        List<String[]> runtime = runtimeStage();

        assertThat(instructions)
                .filteredOn(i -> i[0].equals("FROM"))
                .as("FROM stages")
                .hasSizeGreaterThanOrEqualTo(2);
        Matcher jre = Pattern.compile("eclipse-temurin:(\\d+)-jre.*").matcher(runtime.getFirst()[1]);
        assertThat(jre.matches()).as("runtime image %s", runtime.getFirst()[1]).isTrue();
        assertThat(Integer.parseInt(jre.group(1))).as("runtime Java").isGreaterThanOrEqualTo(compiledForJava());

        assertThat(dockerUser()).as("USER").matches("[0-9]+(:[0-9]+)?").doesNotStartWith("0");
        assertThat(args(runtime, "EXPOSE")).as("EXPOSE").contains(String.valueOf(HTTP_PORT));
        String jvm = args(runtime, "ENV") + " " + args(runtime, "ENTRYPOINT");
        assertThat(jvm).contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError");
        assertThat(args(runtime, "ENTRYPOINT")).contains("measureme.jar");
        assertThat(args(runtime, "RUN"))
                .as("the runtime stage installs what the compose healthcheck runs")
                .contains(healthcheck(composeRoles().getFirst().source()).get(1));
    }

    @Test
    void everyMeasureMeSetting_isAConfigurationProperty() {
        Set<String> settings = new TreeSet<>();
        map(compose().get("services"))
                .values()
                .forEach(service -> settings.addAll(environment(map(service)).keySet()));
        settings.addAll(configMapData().keySet());
        k8sRoles()
                .forEach(role -> list(container(role.source()).get("env"))
                        .forEach(variable -> settings.add((String) at(variable, "name"))));
        for (String[] env : instructionsNamed("ENV")) {
            Matcher name = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=").matcher(env[1]);
            while (name.find()) {
                settings.add(name.group(1));
            }
        }
        List<String> properties =
                metadata().stream().map(p -> p.get("name").asString()).toList();

        assertThat(settings)
                .filteredOn(name -> name.startsWith("MEASUREME_"))
                .as("MEASUREME_* settings in the deployment files")
                .contains("MEASUREME_TARGET", PARTITIONS)
                .allSatisfy(name -> assertThat(properties)
                        .as("the property %s sets", name)
                        .anyMatch(property -> environmentNames(property).contains(name)));
    }

    // --- the roles, as each file declares them

    private static Set<String> deployedTargets() {
        Set<String> targets = new TreeSet<>(Modules.TARGETS);
        targets.remove(Modules.ALL);
        return targets;
    }

    private static List<Role> allRoles() {
        return Stream.concat(composeRoles().stream(), k8sRoles().stream()).toList();
    }

    private static List<Role> composeRoles() {
        List<Role> roles = new ArrayList<>();
        map(compose().get("services")).forEach((name, value) -> {
            Map<String, Object> service = map(value);
            Map<String, String> env = environment(service);
            if (env.containsKey("MEASUREME_TARGET")) {
                List<String> check = healthcheck(service);
                roles.add(new Role(
                        name,
                        integer(service, "deploy", "replicas"),
                        env,
                        duration((String) service.get("stop_grace_period")),
                        check.stream()
                                .filter(arg -> arg.startsWith("http"))
                                .findFirst()
                                .orElse(""),
                        service));
            }
        });
        return roles;
    }

    private static List<Role> k8sRoles() {
        Map<String, String> configMap = configMapData();
        return kind("Deployment").stream()
                .map(deployment -> {
                    Map<String, Object> container = container(deployment);
                    Map<String, String> env = new LinkedHashMap<>();
                    for (Object from : list(container.get("envFrom"))) {
                        assertThat(at(from, "configMapRef", "name")).isEqualTo("measureme-config");
                        env.putAll(configMap);
                    }
                    for (Object variable : list(container.get("env"))) {
                        Object value = map(variable).get("value");
                        env.put((String) at(variable, "name"), value == null ? "<from valueFrom>" : value.toString());
                    }
                    int grace = integer(podSpec(deployment), "terminationGracePeriodSeconds");
                    return new Role(
                            (String) at(deployment, "metadata", "name"),
                            integer(deployment, "spec", "replicas"),
                            env,
                            Duration.ofSeconds(grace - preStopSeconds(container)),
                            probeUrl(container, "readinessProbe"),
                            deployment);
                })
                .toList();
    }

    private static int partitions(Role role) {
        String value = role.env().get(PARTITIONS);
        if (value != null) {
            return Integer.parseInt(value);
        }
        return metadata().stream()
                .filter(p -> p.get("name").asString().equals("measureme.partitions"))
                .findFirst()
                .orElseThrow()
                .get("defaultValue")
                .asInt();
    }

    private static String image(List<Role> roles) {
        Map<String, Object> first = roles.getFirst().source();
        return (String)
                (first.containsKey("image")
                        ? first.get("image")
                        : container(first).get("image"));
    }

    // --- compose

    private static Map<String, Object> compose() {
        return map(new Yaml().load(read(COMPOSE)));
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = service.get("environment");
        if (environment instanceof List<?> entries) {
            entries.forEach(entry -> {
                String[] pair = entry.toString().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        } else {
            map(environment).forEach((key, value) -> env.put(key, String.valueOf(value)));
        }
        return env;
    }

    /** The healthcheck's test as one list: {@code CMD-SHELL} strings are split on white space. */
    private static List<String> healthcheck(Map<String, Object> service) {
        List<String> test = list(at(service, "healthcheck", "test")).stream()
                .map(Object::toString)
                .toList();
        if (test.size() == 2 && test.getFirst().equals("CMD-SHELL")) {
            return Stream.concat(
                            Stream.of("CMD-SHELL"), Arrays.stream(test.get(1).split("\\s+")))
                    .toList();
        }
        return test;
    }

    private static List<String> dependsOn(Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        return dependsOn instanceof Map<?, ?> conditions
                ? conditions.keySet().stream().map(Object::toString).toList()
                : list(dependsOn).stream().map(Object::toString).toList();
    }

    private static int containerPort(Object port) {
        if (port instanceof Map<?, ?> longSyntax) {
            return (int) longSyntax.get("target");
        }
        String shortSyntax = port.toString().replaceAll("/(tcp|udp)$", "");
        return Integer.parseInt(shortSyntax.substring(shortSyntax.lastIndexOf(':') + 1));
    }

    /** A compose duration such as {@code 35s} or {@code 1m30s}. */
    private static Duration duration(String text) {
        assertThat(text).as("stop_grace_period").matches("(\\d+(h|ms|m|s))+");
        Duration total = Duration.ZERO;
        Matcher part = Pattern.compile("(\\d+)(h|ms|m|s)").matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        default -> Duration.ofMillis(amount);
                    });
        }
        return total;
    }

    // --- Kubernetes

    private static List<Map<String, Object>> k8sDocuments() {
        try (Stream<Path> files = Files.list(K8S)) {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(read(file))) {
                    if (document != null) {
                        documents.add(map(document));
                    }
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> kind(String kind) {
        return k8sDocuments().stream()
                .filter(doc -> kind.equals(doc.get("kind")))
                .toList();
    }

    private static Map<String, String> configMapData() {
        Map<String, String> data = new LinkedHashMap<>();
        kind("ConfigMap").stream()
                .filter(doc -> "measureme-config".equals(at(doc, "metadata", "name")))
                .forEach(doc -> map(doc.get("data")).forEach((key, value) -> data.put(key, String.valueOf(value))));
        return data;
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(at(deployment, "spec", "template", "spec"));
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Object> containers = list(podSpec(deployment).get("containers"));
        assertThat(containers)
                .as("containers of %s", at(deployment, "metadata", "name"))
                .hasSize(1);
        return map(containers.getFirst());
    }

    private static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        list(container.get("ports"))
                .forEach(port -> ports.put(String.valueOf(at(port, "name")), (Integer) at(port, "containerPort")));
        return ports;
    }

    /** A port given as a number or as the name of one of the container's ports. */
    private static int resolvePort(Map<String, Object> container, Object port) {
        return port instanceof Integer number
                ? number
                : containerPorts(container).getOrDefault(String.valueOf(port), -1);
    }

    private static String probeUrl(Map<String, Object> container, String probe) {
        Map<String, Object> httpGet = map(at(container, probe, "httpGet"));
        return "http://localhost:" + resolvePort(container, httpGet.get("port")) + httpGet.get("path");
    }

    /** The seconds a {@code sleep N} preStop hook takes out of the termination grace period. */
    private static int preStopSeconds(Map<String, Object> container) {
        List<Object> command = list(at(container, "lifecycle", "preStop", "exec", "command"));
        return command.size() == 2 && command.getFirst().equals("sleep")
                ? Integer.parseInt(command.get(1).toString())
                : 0;
    }

    // --- Dockerfile

    /** The instructions as {keyword, arguments}, with continuation lines joined and comments left out. */
    private static List<String[]> dockerfile() {
        return read(DOCKERFILE)
                .replaceAll("\\\\\\r?\\n", " ")
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+", 2))
                .map(parts -> new String[] {parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""})
                .toList();
    }

    /** The instructions from the last {@code FROM} on: what the image runs. */
    private static List<String[]> runtimeStage() {
        List<String[]> instructions = dockerfile();
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i)[0].equals("FROM")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    private static List<String[]> instructionsNamed(String keyword) {
        return dockerfile().stream().filter(i -> i[0].equals(keyword)).toList();
    }

    private static String args(List<String[]> instructions, String keyword) {
        return String.join(
                "\n",
                instructions.stream()
                        .filter(i -> i[0].equals(keyword))
                        .map(i -> i[1])
                        .toList());
    }

    private static String dockerUser() {
        List<String[]> users =
                runtimeStage().stream().filter(i -> i[0].equals("USER")).toList();
        assertThat(users).as("USER in the runtime stage").isNotEmpty();
        return users.getLast()[1];
    }

    /** The Java version the classes are compiled for, from the class file's major version. */
    private static int compiledForJava() {
        try (InputStream in = Modules.class.getResourceAsStream("Modules.class")) {
            byte[] header = in.readNBytes(8);
            return (((header[6] & 0xff) << 8) | (header[7] & 0xff)) - 44;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- configuration metadata

    private static List<JsonNode> metadata() {
        try (InputStream in =
                DeploymentFilesTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata on the classpath").isNotNull();
            JsonNode metadata =
                    JsonMapper.builder().build().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<JsonNode> properties = new ArrayList<>();
            metadata.get("properties").forEach(properties::add);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment variables that set a property, as Spring's relaxed binding reads them: dots become
     * underscores, and dashes are dropped ({@code MEASUREME_DATADIR}) or become underscores ({@code
     * MEASUREME_DATA_DIR}).
     */
    private static Set<String> environmentNames(String property) {
        String name = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return new TreeSet<>(List.of(name.replace("-", ""), name.replace('-', '_')));
    }

    // --- YAML

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value at a path of keys, or null. */
    private static Object at(Object node, String... keys) {
        Object value = node;
        for (String key : keys) {
            value = map(value).get(key);
        }
        return value;
    }

    private static int integer(Object node, String... keys) {
        Object value = at(node, keys);
        assertThat(value).as(String.join(".", keys)).isInstanceOf(Integer.class);
        return (int) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
