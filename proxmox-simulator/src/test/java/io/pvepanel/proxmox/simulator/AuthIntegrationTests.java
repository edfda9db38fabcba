package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuthIntegrationTests {

  ProxmoxSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    sim =
        ProxmoxSimulator.start(
            SimulatorConfig.builder()
                .ssh(false)
                .clock(Clock.fixed(Instant.parse("2026-01-01T10:00:05Z"), ZoneOffset.UTC))
                .build());
    http = new SimHttp(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  JsonNode login(String user, String password) {
    SimHttp.Resp r =
        http.send(
            "POST",
            "/access/ticket",
            SimHttp.form("username", user, "password", password),
            "application/x-www-form-urlencoded",
            null);
    assertThat(r.status()).isEqualTo(200);
    return r.data();
  }

  @Test
  void ticketLoginCookieAndCsrf() {
    JsonNode login = login("root@pam", sim.rootPassword());
    String ticket = login.get("ticket").stringValue();
    String csrf = login.get("CSRFPreventionToken").stringValue();
    assertThat(ticket).matches("PVE:root@pam:[0-9A-F]{8}::.+");
    assertThat(csrf).matches("[0-9A-F]{8}:[A-Za-z0-9+/]+");
    assertThat(login.get("username").stringValue()).isEqualTo("root@pam");

    SimHttp cookie =
        new SimHttp(sim).withAuth(h -> h.set("Cookie", "PVEAuthCookie=" + SimHttp.enc(ticket)));
    assertThat(cookie.get("/nodes").status()).isEqualTo(200);

    SimHttp.Resp noCsrf = cookie.post("/nodes/pve1/lxc/101/status/stop");
    assertThat(noCsrf.status()).isEqualTo(401);
    assertThat(noCsrf.reason()).isEqualTo("Permission denied - invalid csrf token");

    SimHttp withCsrf =
        new SimHttp(sim)
            .withAuth(
                h -> {
                  h.set("Cookie", "PVEAuthCookie=" + ticket);
                  h.set("CSRFPreventionToken", csrf);
                });
    SimHttp.Resp stop = withCsrf.post("/nodes/pve1/lxc/101/status/stop");
    assertThat(stop.status()).isEqualTo(200);
    assertThat(stop.data().stringValue()).contains(":vzstop:101:root@pam:");
  }

  @Test
  void ticketExpiresAfterTwoHoursAndCanBeRenewed() {
    String ticket = login("root@pam", sim.rootPassword()).get("ticket").stringValue();
    SimHttp cookie = new SimHttp(sim).withAuth(h -> h.set("Cookie", "PVEAuthCookie=" + ticket));

    sim.advanceClock(Duration.ofMinutes(110));
    String renewed = login("root@pam", ticket).get("ticket").stringValue();
    assertThat(renewed).isNotEqualTo(ticket);

    sim.advanceClock(Duration.ofMinutes(11));
    SimHttp.Resp expired = cookie.get("/nodes");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.reason()).isEqualTo("Authentication failed!");
    SimHttp fresh = new SimHttp(sim).withAuth(h -> h.set("Cookie", "PVEAuthCookie=" + renewed));
    assertThat(fresh.get("/nodes").status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordAndTokenOnTicketEndpoint() {
    SimHttp.Resp wrong =
        http.send(
            "POST",
            "/access/ticket",
            SimHttp.form("username", "root@pam", "password", "nope"),
            "application/x-www-form-urlencoded",
            null);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.reason()).isEqualTo("authentication failure");
    assertThat(wrong.message()).isEqualTo("authentication failure\n");

    SimHttp.Resp token = http.post("/access/ticket", "username", "root@pam", "password", "x");
    assertThat(token.status()).isEqualTo(403);
    assertThat(token.reason())
        .isEqualTo("URI '/access/ticket' not available with API token, need proper ticket.");
  }

  @Test
  void skiplockIsRootOnly() {
    SimHttp.Resp r2 = http.post("/nodes/pve2/lxc/102/status/start", "skiplock", "1");
    assertThat(r2.status()).isEqualTo(400);
    assertThat(r2.json().get("errors").get("skiplock").stringValue())
        .isEqualTo("Only root may use this option.");
  }
}
