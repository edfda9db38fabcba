package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;

class ConsoleIntegrationTests {

  ProxmoxSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    sim = ProxmoxSimulator.start(SimulatorConfig.builder().ssh(false).build());
    http = new SimHttp(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  String wsUrl(String kind, int vmid, JsonNode proxy) {
    return sim.baseUrl().replaceFirst("^http", "ws")
        + "/api2/json/nodes/pve1/"
        + kind
        + "/"
        + vmid
        + "/vncwebsocket?port="
        + proxy.get("port").intValue()
        + "&vncticket="
        + SimHttp.enc(proxy.get("ticket").stringValue());
  }

  HttpClient wsClient() {
    return HttpClient.create().headers(h -> h.set("Authorization", sim.apiTokenHeaderValue()));
  }

  /** pve-container PVE/LXC.pm get_console_command: cmode=shell is lxc-attach, a root shell. */
  @Test
  void termproxyShellRoundTrip() {
    assertThat(http.put("/nodes/pve1/lxc/101/config", "cmode", "shell").status()).isEqualTo(200);
    JsonNode proxy = http.post("/nodes/pve1/lxc/101/termproxy").data();
    assertThat(proxy.get("user").stringValue()).isEqualTo("panel@pve!ctl");
    assertThat(proxy.get("ticket").stringValue()).matches("PVEVNC:[0-9A-F]{8}::.+");
    assertThat(proxy.get("port").intValue()).isBetween(5900, 5999);
    assertThat(proxy.get("upid").stringValue()).contains(":vncproxy:101:panel@pve!ctl:");

    String user = proxy.get("user").stringValue();
    String ticket = proxy.get("ticket").stringValue();
    String transcript =
        wsClient()
            .websocket(WebsocketClientSpec.builder().protocols("binary").build())
            .uri(wsUrl("lxc", 101, proxy))
            .handle(
                (in, out) ->
                    out.sendString(
                            Flux.just(
                                user + ":" + ticket + "\n",
                                "1:80:24:",
                                "0:8:hostname",
                                "0:1:\r",
                                "2",
                                "0:5:exit\r"))
                        .then()
                        .thenMany(
                            in.receiveFrames()
                                .map(f -> f.content().toString(StandardCharsets.UTF_8))))
            .reduce("", (a, b) -> a + "\u0000" + b)
            .block(Duration.ofSeconds(10));
    assertThat(transcript).startsWith("\u0000OK");
    assertThat(transcript).contains("root@web01:~# ");
    assertThat(transcript.replace("\u0000", "")).contains("hostname\r\nweb01\r\nroot@web01:~# ");
    assertThat(transcript).endsWith("logout\r\n");
  }

  /** Sends the frames after the ticket line; what the console answers until {@code until}. */
  String session(String kind, int vmid, String until, String... frames) {
    JsonNode proxy = http.post("/nodes/pve1/" + kind + "/" + vmid + "/termproxy").data();
    String first = proxy.get("user").stringValue() + ":" + proxy.get("ticket").stringValue() + "\n";
    return wsClient()
        .websocket(WebsocketClientSpec.builder().protocols("binary").build())
        .uri(wsUrl(kind, vmid, proxy))
        .handle(
            (in, out) ->
                out.sendString(Flux.concat(Flux.just(first), Flux.fromArray(frames)))
                    .then()
                    .thenMany(
                        in.receiveFrames()
                            .map(f -> f.content().toString(StandardCharsets.UTF_8))
                            .scan("", (a, b) -> a + b)
                            .takeUntil(t -> t.endsWith(until))))
        .last("")
        .block(Duration.ofSeconds(10));
  }

  /**
   * pve-container src/PVE/API2/LXC.pm termproxy and PVE/LXC.pm get_console_command: the default
   * cmode tty (also console) runs lxc-console, where the container's getty asks for a login — no
   * root shell without the root password; logging out brings the login prompt back.
   */
  @Test
  void aContainerConsoleDefaultsToALoginPrompt() {
    SimHttp.Resp created =
        http.post(
            "/nodes/pve1/lxc",
            "vmid",
            "310",
            "ostemplate",
            "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
            "hostname",
            "ct310",
            "password",
            "Console-Pass-1");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    assertThat(http.post("/nodes/pve1/lxc/310/status/start").status()).isEqualTo(200);
    assertThat(sim.guest(310).status()).isEqualTo("running");
    assertThat(http.get("/nodes/pve1/lxc/310/config").data().has("cmode")).isFalse();
    String wrong =
        session("lxc", 310, "Login incorrect\r\nct310 login: ", "0:5:root\r", "0:8:wrong!!\r");
    assertThat(wrong)
        .contains("Debian GNU/Linux 12 ct310 tty1\r\n\r\nct310 login: ")
        .contains("Password: ")
        .doesNotContain("wrong!!")
        .contains("Login incorrect\r\nct310 login: ")
        .doesNotContain("root@ct310");
    String right =
        session(
            "lxc",
            310,
            "logout\r\n\r\nDebian GNU/Linux 12 ct310 tty1\r\n\r\nct310 login: ",
            "0:5:root\r",
            "0:15:Console-Pass-1\r",
            "0:5:exit\r");
    assertThat(right).contains("root@ct310:~# ").doesNotContain("Console-Pass-1");
    assertThat(right).endsWith("logout\r\n\r\nDebian GNU/Linux 12 ct310 tty1\r\n\r\nct310 login: ");
    // cmode=console is lxc-console too
    http.put("/nodes/pve1/lxc/310/config", "cmode", "console");
    assertThat(session("lxc", 310, "ct310 login: ", "2")).contains("ct310 login: ");
  }

  @Test
  void qemuVncRelaysRfbGreeting() {
    JsonNode proxy = http.post("/nodes/pve1/qemu/200/vncproxy", "websocket", "1").data();
    assertThat(proxy.get("port").intValue()).isBetween(5900, 5999);
    String greeting =
        wsClient()
            .websocket(WebsocketClientSpec.builder().protocols("binary").build())
            .uri(wsUrl("qemu", 200, proxy))
            .handle(
                (in, out) ->
                    in.receiveFrames()
                        .map(f -> f.content().toString(StandardCharsets.UTF_8))
                        .take(1))
            .blockFirst(Duration.ofSeconds(10));
    assertThat(greeting).isEqualTo("RFB 003.008\n");
  }

  @Test
  void ticketCheckWithoutUpgradeAndErrors() {
    JsonNode proxy = http.post("/nodes/pve1/lxc/101/vncproxy", "websocket", "1").data();
    String path =
        "/nodes/pve1/lxc/101/vncwebsocket?port="
            + proxy.get("port").intValue()
            + "&vncticket="
            + SimHttp.enc(proxy.get("ticket").stringValue());
    assertThat(http.get(path).data().get("port").stringValue())
        .isEqualTo(String.valueOf(proxy.get("port").intValue()));
    // bound to the port
    int other = proxy.get("port").intValue() == 5999 ? 5998 : proxy.get("port").intValue() + 1;
    String wrongPort =
        "/nodes/pve1/lxc/101/vncwebsocket?port="
            + other
            + "&vncticket="
            + SimHttp.enc(proxy.get("ticket").stringValue());
    // pve-common Ticket.pm verify_rsa_ticket: 401 "permission denied - invalid PVEVNC ticket"
    SimHttp.Resp wrong = http.get(wrongPort);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.reason()).isEqualTo("permission denied - invalid PVEVNC ticket");
    // ~40 s lifetime
    sim.advanceClock(Duration.ofSeconds(45));
    assertThat(http.get(path).status()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "vncproxy websocket=1: a password, and the ticket <pw>:PVEVNC:… (pve-container"
          + " API2/LXC.pm, qemu-server API2/Qemu.pm vncproxy; AccessControl.pm verify_vnc_ticket)")
  void vncPasswordAndTicketForm() {
    JsonNode lxc = http.post("/nodes/pve1/lxc/101/vncproxy", "websocket", "1").data();
    String pw = lxc.get("password").stringValue();
    assertThat(pw).hasSize(8).matches("[!-`]{8}");
    assertThat(lxc.get("ticket").stringValue()).startsWith(pw + ":PVEVNC:");
    // LXC without websocket: ticket only
    JsonNode plain = http.post("/nodes/pve1/lxc/101/vncproxy").data();
    assertThat(plain.has("password")).isFalse();
    assertThat(plain.get("ticket").stringValue()).startsWith("PVEVNC:");
    // QEMU (no serial VGA): always a password
    JsonNode qemu =
        http.post("/nodes/pve1/qemu/200/vncproxy", "websocket", "1", "generate-password", "1")
            .data();
    assertThat(qemu.get("ticket").stringValue())
        .startsWith(qemu.get("password").stringValue() + ":PVEVNC:");
    // the prefixed ticket is accepted by vncwebsocket
    String path =
        "/nodes/pve1/qemu/200/vncwebsocket?port="
            + qemu.get("port").intValue()
            + "&vncticket="
            + SimHttp.enc(qemu.get("ticket").stringValue());
    assertThat(http.get(path).status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a stopped guest gets a console ticket; the websocket says OK and closes (pve-container"
          + " API2/LXC.pm termproxy: no running check)")
  void stoppedGuestConsoleSaysOkAndCloses() {
    SimHttp.Resp r = http.post("/nodes/pve2/lxc/102/termproxy");
    assertThat(r.status()).as(r.reason()).isEqualTo(200);
    JsonNode proxy = r.data();
    String user = proxy.get("user").stringValue();
    String ticket = proxy.get("ticket").stringValue();
    String url =
        sim.baseUrl().replaceFirst("^http", "ws")
            + "/api2/json/nodes/pve2/lxc/102/vncwebsocket?port="
            + proxy.get("port").intValue()
            + "&vncticket="
            + SimHttp.enc(ticket);
    String transcript =
        wsClient()
            .websocket(WebsocketClientSpec.builder().protocols("binary").build())
            .uri(url)
            .handle(
                (in, out) ->
                    out.sendString(Flux.just(user + ":" + ticket + "\n"))
                        .then()
                        .thenMany(
                            in.receiveFrames()
                                .map(f -> f.content().toString(StandardCharsets.UTF_8))))
            .reduce("", (a, b) -> a + b)
            .block(Duration.ofSeconds(10));
    assertThat(transcript).isEqualTo("OK");
    assertThat(http.post("/nodes/pve2/qemu/201/vncproxy", "websocket", "1").status())
        .isEqualTo(200);
  }
}
