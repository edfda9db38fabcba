package io.pvepanel.localsuite;

import java.nio.file.Path;
import java.util.List;

/**
 * One service of the suite, started as {@code java -jar <module>/target/<module>-exec.jar}.
 *
 * @param name short name used for logs and archives (control, collector, ...)
 * @param module the Maven module
 * @param port its HTTP port
 * @param managementPort its actuator port ({@code MANAGEMENT_PORT}: probes, info, prometheus)
 * @param database its database, or null
 */
public record ServiceSpec(
    String name, String module, int port, int managementPort, String database) {

  /** The services in start order: the gateway last, once its backends answer. */
  public static List<ServiceSpec> all(int gatewayPort) {
    return List.of(
        new ServiceSpec("control", "server-control-service", 8081, 9081, "control"),
        new ServiceSpec("collector", "metrics-collector-service", 8082, 9082, "collector"),
        new ServiceSpec("alerting", "alerting-service", 8083, 9083, "alerting"),
        new ServiceSpec("notification", "notification-service", 8084, 9084, "notification"),
        new ServiceSpec("gateway", "gateway-service", gatewayPort, 9080, null));
  }

  public Path jar(Path projectDir) {
    return projectDir.resolve(module).resolve("target").resolve(module + "-exec.jar");
  }

  public String readinessUrl() {
    return "http://127.0.0.1:" + managementPort + "/actuator/health/readiness";
  }
}
