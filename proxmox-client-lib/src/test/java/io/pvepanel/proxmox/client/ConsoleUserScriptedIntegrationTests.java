package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.client.ScriptedServer.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * pve-container src/PVE/API2/LXC.pm termproxy: newer builds start termproxy with {@code
 * --vncticket-endpoint} so it can verify a token identity's {@code user:ticket} line; older ones
 * verify through /access/ticket, which refuses tokens (Proxmox bug 6079). The client then asks with
 * the configured console user, per node, from that node's apt/versions (pve-manager
 * PVE/API2/APT.pm).
 */
class ConsoleUserScriptedIntegrationTests {
  private static final Duration T = Duration.ofSeconds(10);
  private static final String TOKEN = "PVEAPIToken=panel@pve!ctl=secret-uuid";

  private ScriptedServer server;
  private ProxmoxClient client;

  @BeforeEach
  void start() {
    server = ScriptedServer.http();
    server.otherwise(
        r -> {
          String p = r.path().substring("/api2/json".length());
          if (p.equals("/version")) {
            return Reply.data("{\"version\":\"8.2.4\",\"release\":\"8.2\"}");
          }
          if (p.equals("/nodes/pve1/apt/versions")) {
            return Reply.data(packages("5.1.12", "8.1.4"));
          }
          if (p.equals("/nodes/pve2/apt/versions")) {
            return Reply.data(packages("5.3.4", "8.2.3"));
          }
          if (p.equals("/nodes/pve3/apt/versions")) {
            return Reply.error(403, "Permission check failed (/nodes/pve3, Sys.Audit)", "");
          }
          if (p.equals("/access/ticket")) {
            return Reply.data(
                "{\"username\":\"console@pve\",\"ticket\":\"PVE:console@pve:66E1A2B3::c2ln\","
                    + "\"CSRFPreventionToken\":\"66E1A2B3:csrf\"}");
          }
          if (p.endsWith("/termproxy")) {
            String user = r.headers().get("Cookie") != null ? "console@pve" : "panel@pve!ctl";
            return Reply.data(
                "{\"user\":\""
                    + user
                    + "\",\"ticket\":\"PVEVNC:66E1A2B3::c2ln\",\"port\":5900,"
                    + "\"upid\":\"UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:vncproxy:101:"
                    + user
                    + ":\"}");
          }
          return Reply.error(501, "not scripted", "");
        });
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private static String packages(String container, String access) {
    return "[{\"Package\":\"pve-container\",\"Version\":\""
        + container
        + "\",\"OldVersion\":\""
        + container
        + "\",\"CurrentState\":\"Installed\"},"
        + "{\"Package\":\"libpve-access-control\",\"Version\":\""
        + access
        + "\",\"OldVersion\":\""
        + access
        + "\",\"CurrentState\":\"Installed\"}]";
  }

  private ProxmoxClient client(String use) {
    client =
        ProxmoxClient.builder(
                ProxmoxClusterProperties.builder("test", server.baseUrl())
                    .apiToken("panel@pve!ctl=secret-uuid")
                    .maxRetries(0)
                    .consoleUser(
                        new ProxmoxClusterProperties.ConsoleUser("console@pve", "console-pw", use))
                    .allowInsecureHttp(true)
                    .build())
            .build();
    return client;
  }

  private ScriptedServer.Recorded lastTermproxy() {
    return server.requests().stream()
        .filter(r -> r.path().endsWith("/termproxy"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void theConsoleUserAsksOnlyWhereTheNodesTermproxyRejectsTokens() {
    ProxmoxClient c = client(null);
    GuestRef old = GuestRef.lxc("pve1", 101);
    ConsoleTicket t1 = c.termproxy(old).block(T);
    assertThat(t1.user()).isEqualTo("console@pve");
    ScriptedServer.Recorded post = lastTermproxy();
    assertThat(post.headers().get("Authorization")).isNull();
    assertThat(post.headers().get("CSRFPreventionToken")).isEqualTo("66E1A2B3:csrf");
    StepVerifier.create(c.consoleWebSocket(old, t1))
        .assertNext(
            target -> {
              assertThat(target.headers()).containsKey("Cookie").doesNotContainKey("Authorization");
              assertThat(t1.termproxyHandshake()).startsWith("console@pve:");
            })
        .expectComplete()
        .verify(T);

    GuestRef fixed = GuestRef.lxc("pve2", 102);
    ConsoleTicket t2 = c.termproxy(fixed).block(T);
    assertThat(t2.user()).isEqualTo("panel@pve!ctl");
    assertThat(lastTermproxy().headers().get("Authorization")).isEqualTo(TOKEN);
    StepVerifier.create(c.consoleWebSocket(fixed, t2))
        .assertNext(target -> assertThat(target.headers()).containsEntry("Authorization", TOKEN))
        .expectComplete()
        .verify(T);

    // unreadable packages: the console user, which works on every version
    assertThat(c.termproxy(GuestRef.lxc("pve3", 103)).block(T).user()).isEqualTo("console@pve");

    // decisions and the console user's ticket are reused
    c.termproxy(old).block(T);
    assertThat(server.count("GET", "/api2/json/nodes/pve1/apt/versions")).isEqualTo(1);
    assertThat(server.count("POST", "/api2/json/access/ticket")).isEqualTo(1);
  }

  @Test
  void useAlwaysSkipsTheVersionCheck() {
    ProxmoxClient c = client("always");
    assertThat(c.termproxy(GuestRef.lxc("pve2", 102)).block(T).user()).isEqualTo("console@pve");
    assertThat(server.count("GET", "/api2/json/nodes")).isZero();
    assertThat(server.count("GET", "/api2/json/version")).isZero();
  }
}
