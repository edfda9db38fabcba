package io.pvepanel.localsuite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The environment each service is started with: the variables its {@code application.yml} reads,
 * plus {@code SPRING_APPLICATION_JSON} for structured settings (the Proxmox cluster with its node
 * SSH map, control's demo servers) that environment variables bind unreliably.
 *
 * <p>The whole {@code proxmox.clusters} list goes into SPRING_APPLICATION_JSON: Spring binds a list
 * from one property source only, so splitting a cluster between the environment and JSON would lose
 * half of it. The {@code PROXMOX_CLUSTERS_0_*} variables are set too, with the same values, for
 * anyone reading the environment.
 */
public final class ServiceEnvironment {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * {@code RSOCKET_SERVICE_TOKEN} of this run's gateway and control service: random per launcher
   * process, never written anywhere.
   */
  static final String SERVICE_TOKEN = randomToken();

  private ServiceEnvironment() {}

  /** This process's RSocket service token, for tests that check it leaks nowhere. */
  public static String serviceToken() {
    return SERVICE_TOKEN;
  }

  public static Map<String, String> of(
      ServiceSpec service, SuiteContext ctx, List<ServiceSpec> all) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SERVER_PORT", Integer.toString(service.port()));
    env.put("MANAGEMENT_PORT", Integer.toString(service.managementPort()));
    env.put("JWT_SECRET", ctx.jwtSecret());
    // the local run mints demo tokens without issuer and audience; nothing else may
    env.put("PVEPANEL_SECURITY_JWT_REQUIRESCOPE", "false");
    env.put("KAFKA_BOOTSTRAP_SERVERS", ctx.kafkaBootstrapServers());
    if (service.database() != null) {
      String r2dbc = ctx.db().r2dbcUrl(service.database());
      String jdbc = ctx.db().jdbcUrl(service.database());
      env.put("DB_URL", r2dbc);
      env.put("FLYWAY_URL", jdbc);
      env.put("DB_USERNAME", ctx.db().user());
      env.put("DB_PASSWORD", ctx.db().password());
    }
    if ("control".equals(service.name()) || "gateway".equals(service.name())) {
      env.put("RSOCKET_SERVICE_TOKEN", SERVICE_TOKEN);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    switch (service.name()) {
      case "control" -> {
        proxmox(env, json, ctx.proxmox(), true);
        Map<String, Object> control = new LinkedHashMap<>();
        control.put("seed-catalog", true);
        List<Map<String, Object>> demo = new ArrayList<>();
        for (SuiteContext.DemoServer d : ctx.demoServers()) {
          Map<String, Object> m = new LinkedHashMap<>();
          // the owner's address comes from the provider's customer record (DemoCustomers)
          m.put("owner-id", d.ownerId());
          m.put("node", d.node());
          m.put("vmid", d.vmid());
          m.put("type", d.type());
          m.put("name", d.name());
          demo.add(m);
        }
        control.put("demo-servers", demo);
        json.put("pvepanel", Map.of("control", control));
        env.put("PVEPANEL_CONTROL_SEED_CATALOG", "true");
      }
      case "collector" -> proxmox(env, json, ctx.proxmox(), false);
      case "notification" -> {
        env.put("MAIL_HOST", ctx.smtpHost());
        env.put("MAIL_PORT", Integer.toString(ctx.smtpPort()));
        env.put("MAIL_TRANSPORT", "plain");
        env.put("MAIL_FROM", "noreply@pvepanel.local");
        // the confirmation mail of a newly chosen address links to the dashboard's confirm page
        for (ServiceSpec s : all) {
          if ("gateway".equals(s.name())) {
            env.put(
                "NOTIFICATION_CONFIRMATION_LINKBASE",
                "http://127.0.0.1:" + s.port() + "/#/notifications/confirm/");
          }
        }
      }
      case "gateway" -> {
        for (ServiceSpec s : all) {
          String base = "http://127.0.0.1:" + s.port();
          switch (s.name()) {
            case "control" -> {
              env.put("CONTROL_URL", base);
              env.put("CONTROL_RSOCKET_URL", "ws://127.0.0.1:" + s.port() + "/rsocket");
            }
            case "collector" -> env.put("COLLECTOR_URL", base);
            case "alerting" -> env.put("ALERTING_URL", base);
            case "notification" -> env.put("NOTIFICATION_URL", base);
            default -> {}
          }
        }
      }
      default -> {}
    }
    if (!json.isEmpty()) {
      env.put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(json));
    }
    return env;
  }

  /** An {@code http://} URL whose host is this machine's loopback interface. */
  static boolean plainHttpOnLoopback(String baseUrl) {
    java.net.URI uri = java.net.URI.create(baseUrl);
    String host = uri.getHost();
    return "http".equalsIgnoreCase(uri.getScheme())
        && host != null
        && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
  }

  private static String randomToken() {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static void proxmox(
      Map<String, String> env, Map<String, Object> json, SuiteContext.Proxmox p, boolean ssh) {
    env.put("PROXMOX_CLUSTERS_0_NAME", p.name());
    env.put("PROXMOX_CLUSTERS_0_BASE_URL", p.baseUrl());
    env.put("PROXMOX_CLUSTERS_0_API_TOKEN", p.apiToken());
    boolean insecure = plainHttpOnLoopback(p.baseUrl());
    if (insecure) {
      env.put("PROXMOX_CLUSTERS_0_ALLOW_INSECURE_HTTP", "true");
    }
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", p.name());
    cluster.put("base-url", p.baseUrl());
    cluster.put("api-token", p.apiToken());
    if (insecure) {
      // the simulator speaks plain HTTP on this machine's loopback interface only; any other
      // http:// cluster stays refused at start (docs/security.md, Transport)
      cluster.put("allow-insecure-http", true);
    }
    // the simulator's tasks take about a second: follow them closely
    cluster.put("task-poll-interval", "250ms");
    if (ssh && p.sshPrivateKey() != null) {
      Map<String, Object> nodeSsh = new LinkedHashMap<>();
      nodeSsh.put("user", "root");
      nodeSsh.put("private-key", p.sshPrivateKey());
      Map<String, Object> nodes = new LinkedHashMap<>();
      p.sshNodes()
          .forEach(
              (node, e) -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("host", e.host());
                n.put("port", e.port());
                n.put("host-key-fingerprint", e.hostKeyFingerprint());
                nodes.put(node, n);
              });
      nodeSsh.put("nodes", nodes);
      cluster.put("node-ssh", nodeSsh);
    }
    json.put("proxmox", Map.of("clusters", List.of(cluster)));
  }
}
