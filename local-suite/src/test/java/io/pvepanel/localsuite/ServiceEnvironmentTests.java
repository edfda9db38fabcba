package io.pvepanel.localsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ServiceEnvironmentTests {

  private static final List<ServiceSpec> ALL = ServiceSpec.all(18080);
  private static final SuiteContext CTX =
      new SuiteContext(
          new SuiteContext.Db("127.0.0.1", 3306, "root", ""),
          "localhost:39092",
          "env-tests-secret-0123456789abcdef-0123",
          new SuiteContext.Proxmox(
              "local",
              "http://127.0.0.1:8006",
              "panel@pve!ctl=abc",
              "-----BEGIN OPENSSH PRIVATE KEY-----\nxyz\n-----END OPENSSH PRIVATE KEY-----\n",
              Map.of("pve1", new SuiteContext.Ssh("127.0.0.1", 40022, "SHA256:abc"))),
          "127.0.0.1",
          2525,
          SuiteContext.defaultDemoServers());

  private static ServiceSpec spec(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void startOrderAndPorts() {
    assertThat(ALL)
        .extracting(ServiceSpec::name)
        .containsExactly("control", "collector", "alerting", "notification", "gateway");
    assertThat(ALL).extracting(ServiceSpec::port).containsExactly(8081, 8082, 8083, 8084, 18080);
  }

  @Test
  void everyServiceGetsPortSecretAndKafka() {
    for (ServiceSpec s : ALL) {
      Map<String, String> env = ServiceEnvironment.of(s, CTX, ALL);
      assertThat(env)
          .containsEntry("SERVER_PORT", Integer.toString(s.port()))
          .containsEntry("JWT_SECRET", CTX.jwtSecret())
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:39092");
    }
  }

  @Test
  void databaseUrlsPerService() {
    Map<String, String> env = ServiceEnvironment.of(spec("alerting"), CTX, ALL);
    assertThat(env)
        .containsEntry("DB_URL", "r2dbc:mysql://127.0.0.1:3306/alerting?sslMode=DISABLED")
        .containsEntry(
            "FLYWAY_URL", "jdbc:mariadb://127.0.0.1:3306/alerting?createDatabaseIfNotExist=true")
        .containsEntry("DB_USERNAME", "root")
        .containsEntry("DB_PASSWORD", "");
    assertThat(ServiceEnvironment.of(spec("collector"), CTX, ALL))
        .containsEntry("DB_URL", "r2dbc:mysql://127.0.0.1:3306/collector?sslMode=DISABLED");
    assertThat(ServiceEnvironment.of(spec("gateway"), CTX, ALL)).doesNotContainKey("DB_URL");
  }

  @Test
  void controlGetsTheWholeClusterAndDemoServersAsJson() {
    Map<String, String> env = ServiceEnvironment.of(spec("control"), CTX, ALL);
    assertThat(env).containsEntry("PVEPANEL_CONTROL_SEED_CATALOG", "true");
    assertThat(env).containsEntry("PROXMOX_CLUSTERS_0_API_TOKEN", "panel@pve!ctl=abc");
    JsonNode json = JsonMapper.builder().build().readTree(env.get("SPRING_APPLICATION_JSON"));
    JsonNode cluster = json.at("/proxmox/clusters/0");
    assertThat(cluster.at("/name").asText()).isEqualTo("local");
    assertThat(cluster.at("/base-url").asText()).isEqualTo("http://127.0.0.1:8006");
    assertThat(cluster.at("/api-token").asText()).isEqualTo("panel@pve!ctl=abc");
    // the simulator on loopback over plain HTTP: allowed explicitly, only for the local run
    assertThat(cluster.at("/allow-insecure-http").asBoolean()).isTrue();
    assertThat(cluster.at("/node-ssh/private-key").asText()).startsWith("-----BEGIN OPENSSH");
    assertThat(cluster.at("/node-ssh/nodes/pve1/port").asInt()).isEqualTo(40022);
    assertThat(cluster.at("/node-ssh/nodes/pve1/host-key-fingerprint").asText())
        .isEqualTo("SHA256:abc");
    JsonNode demo = json.at("/pvepanel/control/demo-servers");
    assertThat(demo.size()).isEqualTo(5);
    assertThat(demo.get(0).at("/owner-id").asText()).isEqualTo("1");
    assertThat(demo.get(0).at("/vmid").asInt()).isEqualTo(101);
    assertThat(demo.get(2).at("/type").asText()).isEqualTo("qemu");
    assertThat(json.at("/pvepanel/control/seed-catalog").asBoolean()).isTrue();
  }

  @Test
  void collectorGetsTheClusterWithoutSsh() {
    Map<String, String> env = ServiceEnvironment.of(spec("collector"), CTX, ALL);
    JsonNode json = JsonMapper.builder().build().readTree(env.get("SPRING_APPLICATION_JSON"));
    assertThat(json.at("/proxmox/clusters/0/base-url").asText()).isEqualTo("http://127.0.0.1:8006");
    assertThat(json.at("/proxmox/clusters/0/node-ssh").isMissingNode()).isTrue();
    assertThat(json.at("/proxmox/clusters/0/allow-insecure-http").asBoolean()).isTrue();
  }

  @Test
  void onlyPlainHttpOnLoopbackIsAllowed() {
    assertThat(ServiceEnvironment.plainHttpOnLoopback("http://127.0.0.1:8006")).isTrue();
    assertThat(ServiceEnvironment.plainHttpOnLoopback("http://localhost:8006")).isTrue();
    assertThat(ServiceEnvironment.plainHttpOnLoopback("https://127.0.0.1:8006")).isFalse();
    assertThat(ServiceEnvironment.plainHttpOnLoopback("http://pve1.example.com:8006")).isFalse();
  }

  @Test
  void notificationGetsTheMailCatcher() {
    assertThat(ServiceEnvironment.of(spec("notification"), CTX, ALL))
        .containsEntry("MAIL_HOST", "127.0.0.1")
        .containsEntry("MAIL_PORT", "2525")
        .containsEntry(
            "NOTIFICATION_CONFIRMATION_LINKBASE",
            "http://127.0.0.1:" + spec("gateway").port() + "/#/notifications/confirm/")
        .doesNotContainKey("SPRING_APPLICATION_JSON");
  }

  @Test
  void onlyTheGatewayAndControlShareTheRSocketServiceToken() {
    String token = ServiceEnvironment.of(spec("gateway"), CTX, ALL).get("RSOCKET_SERVICE_TOKEN");
    assertThat(token).hasSizeGreaterThanOrEqualTo(32);
    assertThat(ServiceEnvironment.of(spec("control"), CTX, ALL))
        .containsEntry("RSOCKET_SERVICE_TOKEN", token);
    assertThat(ServiceEnvironment.of(spec("collector"), CTX, ALL))
        .doesNotContainKey("RSOCKET_SERVICE_TOKEN");
  }

  @Test
  void gatewayGetsItsBackends() {
    assertThat(ServiceEnvironment.of(spec("gateway"), CTX, ALL))
        .containsEntry("CONTROL_URL", "http://127.0.0.1:8081")
        .containsEntry("CONTROL_RSOCKET_URL", "ws://127.0.0.1:8081/rsocket")
        .containsEntry("COLLECTOR_URL", "http://127.0.0.1:8082")
        .containsEntry("ALERTING_URL", "http://127.0.0.1:8083")
        .containsEntry("NOTIFICATION_URL", "http://127.0.0.1:8084");
  }
}
