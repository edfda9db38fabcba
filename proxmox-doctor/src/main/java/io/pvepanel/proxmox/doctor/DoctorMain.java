package io.pvepanel.proxmox.doctor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusterProperties;
import io.pvepanel.proxmox.client.autoconfigure.ProxmoxProperties;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar proxmox-doctor.jar [--config=clusters.yml] [--cluster=NAME] [--timeout=20s]}:
 * reads {@code proxmox.clusters[i].*} exactly as the control service and the collector do
 * (application.yml in the working directory, {@code --config}, {@code SPRING_APPLICATION_JSON},
 * {@code PROXMOX_CLUSTERS_0_*} environment variables) and prints one line per check. Exit code 0
 * without FAIL, 1 with any FAIL, 2 when the configuration itself is unusable.
 */
public final class DoctorMain {

  private DoctorMain() {}

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ProxmoxProperties.class)
  @ImportAutoConfiguration({
    ConfigurationPropertiesAutoConfiguration.class,
    ValidationAutoConfiguration.class
  })
  static class Config {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the doctor; returns the exit code. */
  public static int run(String[] args, PrintStream out) {
    List<String> boot = new ArrayList<>();
    String only = null;
    Duration timeout = Duration.ofSeconds(20);
    for (String a : args) {
      if (a.startsWith("--config=")) {
        boot.add("--spring.config.additional-location=file:" + a.substring("--config=".length()));
      } else if (a.startsWith("--cluster=")) {
        only = a.substring("--cluster=".length());
      } else if (a.startsWith("--timeout=")) {
        timeout = Duration.parse("PT" + a.substring("--timeout=".length()).toUpperCase());
      } else {
        boot.add(a);
      }
    }
    List<ProxmoxClusterProperties> clusters;
    SpringApplication app = new SpringApplication(Config.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    app.setDefaultProperties(
        java.util.Map.of("logging.level.root", "WARN", "logging.level.io.pvepanel", "WARN"));
    try (ConfigurableApplicationContext ctx = app.run(boot.toArray(String[]::new))) {
      clusters = ctx.getBean(ProxmoxProperties.class).clusters();
    } catch (RuntimeException e) {
      out.println("FAIL configuration: " + rootMessage(e));
      return 2;
    }
    if (only != null) {
      String name = only;
      clusters = clusters.stream().filter(c -> name.equals(c.name())).toList();
    }
    if (clusters.isEmpty()) {
      out.println(
          "FAIL configuration: no proxmox.clusters[i] configured"
              + (only == null ? "" : " named " + only)
              + " -> give --config=<yml>, SPRING_APPLICATION_JSON or PROXMOX_CLUSTERS_0_* as for"
              + " the services");
      return 2;
    }
    boolean failed = false;
    for (ProxmoxClusterProperties p : clusters) {
      List<Check> checks;
      try (ProxmoxClient client =
          ProxmoxClient.builder(p).meterRegistry(new SimpleMeterRegistry()).build()) {
        checks = new Doctor(client, p, Clock.systemUTC(), timeout).run();
      } catch (RuntimeException e) {
        checks = List.of(Check.fail(p.name(), "configuration", rootMessage(e), null));
      }
      for (Check c : checks) {
        out.println(c.line());
        failed |= c.status() == Check.Status.FAIL;
      }
    }
    return failed ? 1 : 0;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) {
        sb.append(": ").append(t.getMessage());
      }
    }
    return sb.toString();
  }
}
