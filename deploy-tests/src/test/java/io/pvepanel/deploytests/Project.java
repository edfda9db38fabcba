package io.pvepanel.deploytests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checkout the tests look at, and what the services' application.yml files read. */
final class Project {

  /** The Maven module of each application service, with the port of the design (§9). */
  static final Map<String, Integer> SERVICE_PORTS = new LinkedHashMap<>();

  static {
    SERVICE_PORTS.put("gateway-service", 8080);
    SERVICE_PORTS.put("server-control-service", 8081);
    SERVICE_PORTS.put("metrics-collector-service", 8082);
    SERVICE_PORTS.put("alerting-service", 8083);
    SERVICE_PORTS.put("notification-service", 8084);
  }

  /** Each service's management (actuator) port: probes, info, prometheus; never public. */
  static final Map<String, Integer> MANAGEMENT_PORTS = new LinkedHashMap<>();

  static {
    SERVICE_PORTS.forEach((module, port) -> MANAGEMENT_PORTS.put(module, port + 1000));
  }

  static final int SIMULATOR_PORT = 8006;

  /**
   * Variables a deployment may set beyond the placeholders: structured settings (the Proxmox
   * cluster list) as JSON, JVM options, and relaxed-binding names of real properties (the suite's
   * own, and Boot's Kafka SSL stores, which only Kubernetes sets).
   */
  static boolean allowedExtra(String name) {
    return name.equals("SPRING_APPLICATION_JSON")
        || name.equals("JAVA_TOOL_OPTIONS")
        || name.startsWith("PVEPANEL_")
        || name.startsWith("SPRING_KAFKA_SSL_");
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

  private Project() {}

  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docker-compose.yml"))
          && Files.isDirectory(p.resolve("k8s"))) {
        return p;
      }
    }
    throw new IllegalStateException("no project root above " + here);
  }

  /** The environment variables {@code module}'s application.yml reads through placeholders. */
  static Set<String> placeholders(String module) throws IOException {
    String yml =
        Files.readString(root().resolve(module).resolve("src/main/resources/application.yml"));
    Set<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(yml);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
