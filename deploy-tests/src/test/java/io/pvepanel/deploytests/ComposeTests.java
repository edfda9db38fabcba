package io.pvepanel.deploytests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

@SuppressWarnings("unchecked")
class ComposeTests {

  private static Map<String, Object> services;
  private static String composeText;

  @BeforeAll
  static void parse() throws Exception {
    composeText = Files.readString(Project.root().resolve("docker-compose.yml"));
    Map<String, Object> compose =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(composeText);
    services = (Map<String, Object>) compose.get("services");
    assertThat(services).isNotEmpty();
  }

  private static Map<String, Object> service(String name) {
    Map<String, Object> s = (Map<String, Object>) services.get(name);
    assertThat(s).as("service %s", name).isNotNull();
    return s;
  }

  private static boolean oneShot(Map<String, Object> s) {
    return "no".equals(String.valueOf(s.get("restart")));
  }

  private static Map<String, String> env(Map<String, Object> s) {
    Map<String, Object> e = (Map<String, Object>) s.getOrDefault("environment", Map.of());
    Map<String, String> out = new java.util.LinkedHashMap<>();
    e.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
    return out;
  }

  @Test
  void everyServiceHasAHealthcheckAndAMemoryLimit() {
    services.forEach(
        (name, raw) -> {
          Map<String, Object> s = (Map<String, Object>) raw;
          assertThat(s.get("mem_limit")).as("%s mem_limit", name).isNotNull();
          Map<String, Object> hc = (Map<String, Object>) s.get("healthcheck");
          assertThat(hc).as("%s healthcheck", name).isNotNull();
          if (oneShot(s)) {
            assertThat(hc).as("%s is a one-shot job", name).containsEntry("disable", true);
          } else {
            assertThat(hc.get("test")).as("%s healthcheck test", name).isNotNull();
            assertThat(hc).as("%s healthcheck", name).doesNotContainKey("disable");
          }
        });
  }

  @Test
  void appServicesReadinessChecksAndPortsFollowTheDesign() {
    Project.SERVICE_PORTS.forEach(
        (module, port) -> {
          Map<String, Object> s = service(module);
          assertThat(env(s)).as(module).containsEntry("SERVER_PORT", Integer.toString(port));
          int management = Project.MANAGEMENT_PORTS.get(module);
          assertThat(env(s))
              .as(module)
              .containsEntry("MANAGEMENT_PORT", Integer.toString(management));
          assertThat(String.valueOf(((Map<String, Object>) s.get("healthcheck")).get("test")))
              .as(module)
              .contains("http://127.0.0.1:" + management + "/actuator/health/readiness");
          assertThat(((Map<String, Object>) s.get("build")).get("args"))
              .as(module)
              .isEqualTo(Map.of("MODULE", module));
        });
    assertThat((List<String>) service("gateway-service").get("ports")).containsExactly("8080:8080");
    for (String module : Project.SERVICE_PORTS.keySet()) {
      if (!module.equals("gateway-service")) {
        assertThat(service(module))
            .as("%s is reached through the gateway only", module)
            .doesNotContainKey("ports");
      }
    }
    Map<String, Object> sim = service("proxmox-simulator");
    assertThat((List<String>) sim.get("profiles")).containsExactly("demo");
    assertThat(String.join(" ", (List<String>) sim.get("command")))
        .contains("--http")
        .contains("--port " + Project.SIMULATOR_PORT);
    assertThat((List<String>) sim.get("ports")).anyMatch(p -> p.endsWith(":8006"));
  }

  @Test
  void appServicesGetExactlyTheVariablesTheirApplicationYmlReads() throws Exception {
    for (String module : Project.SERVICE_PORTS.keySet()) {
      Set<String> read = Project.placeholders(module);
      Set<String> set = new TreeSet<>(env(service(module)).keySet());
      set.removeIf(Project::allowedExtra);
      assertThat(set)
          .as("%s: compose environment vs application.yml placeholders", module)
          .isEqualTo(read);
    }
  }

  @Test
  void dependsOnWaitsForHealth() {
    services.forEach(
        (name, raw) -> {
          Object deps = ((Map<String, Object>) raw).get("depends_on");
          if (deps == null) {
            return;
          }
          assertThat(deps).as("%s depends_on must use conditions", name).isInstanceOf(Map.class);
          ((Map<String, Object>) deps)
              .forEach(
                  (target, cond) -> {
                    Map<String, Object> t = service(target);
                    String expected =
                        oneShot(t) ? "service_completed_successfully" : "service_healthy";
                    assertThat(((Map<String, Object>) cond).get("condition"))
                        .as("%s -> %s", name, target)
                        .isEqualTo(expected);
                  });
        });
  }

  private static final Pattern SECRETISH =
      Pattern.compile(".*(PASSWORD|SECRET|TOKEN|KEY|SPRING_APPLICATION_JSON).*");
  private static final Pattern REQUIRED_REF = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]*}");

  @Test
  void noSecretValuesAreCommitted() throws Exception {
    services.forEach(
        (name, raw) ->
            env((Map<String, Object>) raw)
                .forEach(
                    (k, v) -> {
                      if (SECRETISH.matcher(k).matches()) {
                        assertThat(v)
                            .as("%s %s must come from .env", name, k)
                            .matches("\\$\\{[A-Z0-9_]+(:\\?[^}]*|:-)?}");
                      }
                    }));
    // every required variable is documented in .env.example, and .env itself is not committed
    Path root = Project.root();
    String example = Files.readString(root.resolve(".env.example"));
    List<String> missing = new ArrayList<>();
    Matcher m = REQUIRED_REF.matcher(composeText);
    while (m.find()) {
      if (!Pattern.compile("(?m)^" + m.group(1) + "=").matcher(example).find()) {
        missing.add(m.group(1));
      }
    }
    assertThat(missing).as(".env.example lacks").isEmpty();
    assertThat(composeText).doesNotContain("MYSQL_ALLOW_EMPTY_PASSWORD");
  }

  @Test
  void dockerfileBuildsLayeredNonRootImagesWithAHealthcheck() throws Exception {
    String df = Files.readString(Project.root().resolve("deploy/Dockerfile"));
    assertThat(df)
        .contains("ARG MODULE")
        .contains("eclipse-temurin:17-jre")
        .contains("-Djarmode=tools -jar app.jar extract --layers --launcher")
        .contains("USER 10001:10001")
        .contains("HEALTHCHECK")
        .contains("http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness")
        .contains("org.springframework.boot.loader.launch.JarLauncher");
  }
}
