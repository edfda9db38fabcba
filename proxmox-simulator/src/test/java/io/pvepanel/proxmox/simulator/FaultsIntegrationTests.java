package io.pvepanel.proxmox.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.pvepanel.proxmox.simulator.fault.Faults;
import io.pvepanel.proxmox.simulator.http.SelfSignedCertificate;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

class FaultsIntegrationTests {

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

  @Test
  void latencyAndErrors() {
    sim.faults().latency("GET", "/nodes/*/lxc/*/status/current", Duration.ofMillis(300));
    assertThat(http.get("/nodes/pve1/lxc/101/status/current").millis()).isGreaterThanOrEqualTo(290);

    sim.faults().errorRate("*", "/cluster/**", 1.0, 596);
    SimHttp.Resp r = http.get("/cluster/resources?type=vm");
    assertThat(r.status()).isEqualTo(596);
    assertThat(r.reason())
        .isEqualTo(
            "Errors during TLS negotiation, request sending and header processing: Connection timed out");
    assertThat(http.get("/nodes").status()).isEqualTo(200);
    sim.faults().clear();
    assertThat(http.get("/cluster/resources?type=vm").status()).isEqualTo(200);
  }

  @Test
  void outage595AndRefuse() {
    sim.faults().outage(Faults.OutageMode.ERROR_595);
    SimHttp.Resp r = http.get("/nodes");
    assertThat(r.status()).isEqualTo(595);
    assertThat(r.reason())
        .isEqualTo("Errors during connection establishment, proxy handshake: Connection refused");
    sim.faults().endOutage();
    assertThat(http.get("/nodes").status()).isEqualTo(200);

    sim.faults().outage(Faults.OutageMode.REFUSE);
    assertThatThrownBy(() -> http.get("/nodes")).hasMessageContaining("Connection refused");
    sim.faults().clear();
    assertThat(http.get("/nodes").status()).isEqualTo(200);
  }

  @Test
  void truncatedBody() {
    sim.faults().truncate("GET", "/cluster/resources");
    long start = System.nanoTime();
    assertThatThrownBy(() -> http.get("/cluster/resources?type=vm")).isNotNull();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    sim.faults().clear();
    assertThat(http.get("/cluster/resources?type=vm").status()).isEqualTo(200);
  }

  @Test
  void countersPerRouteTemplate() {
    sim.resetCounters();
    http.get("/cluster/resources?type=vm");
    http.get("/nodes/pve1/lxc/101/status/current");
    http.get("/nodes/pve1/lxc/103/status/current");
    assertThat(sim.requestCount("GET", "/cluster/resources")).isEqualTo(1);
    assertThat(sim.requestCount("GET", "/api2/json/nodes/{node}/lxc/{vmid}/status/current"))
        .isEqualTo(2);
    assertThat(sim.requestCounts()).containsEntry("GET /cluster/resources", 1L);
    sim.resetCounters();
    assertThat(sim.requestCount("GET", "/cluster/resources")).isZero();
  }

  @Test
  void adminHttpSurface() {
    SimHttp admin = new SimHttp(sim).withAuth(h -> {});
    assertThat(admin.get("/_sim/info").data().get("apiToken").stringValue())
        .isEqualTo(sim.apiTokenHeaderValue());
    assertThat(admin.get("/_sim/guests").data().size()).isEqualTo(7);
    assertThat(admin.post("/_sim/guests/101/hot", "hot", "1").data().get("hot").booleanValue())
        .isTrue();
    assertThat(sim.guest(101).hot()).isTrue();
    assertThat(
            admin.post("/_sim/guests/102/lock", "lock", "backup").data().get("lock").stringValue())
        .isEqualTo("backup");

    admin.postJson(
        "/_sim/faults",
        "{\"method\":\"GET\",\"path\":\"/nodes\",\"status\":500,\"message\":\"boom\"}");
    SimHttp.Resp failing = http.get("/nodes");
    assertThat(failing.status()).isEqualTo(500);
    assertThat(failing.reason()).isEqualTo("boom");
    assertThat(admin.get("/_sim/faults").data().size()).isEqualTo(1);
    admin.delete("/_sim/faults");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> http.get("/nodes").status() == 200);

    assertThat(admin.get("/_sim/counters?method=GET&route=/nodes").data().get("count").intValue())
        .isPositive();
    admin.delete("/_sim/counters");
    assertThat(sim.requestCount("GET", "/nodes")).isZero();

    assertThat(
            admin
                .postJson("/_sim/guests/200/password-check", "{\"password\":\"x\"}")
                .data()
                .get("matches")
                .booleanValue())
        .isFalse();

    admin.post("/_sim/outage", "mode", "refuse", "durationMs", "300");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .until(() -> http.get("/nodes").status() == 200);
  }

  @Test
  void httpsWithFingerprint() {
    try (ProxmoxSimulator tls =
        ProxmoxSimulator.start(SimulatorConfig.builder().ssh(false).https(true).build())) {
      assertThat(tls.baseUrl()).startsWith("https://127.0.0.1:");
      assertThat(tls.tlsFingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
      assertThat(tls.tlsCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
      String[] seen = new String[1];
      Integer status =
          HttpClient.create()
              .secure(
                  s ->
                      s.sslContext(
                          Http11SslContextSpec.forClient()
                              .configure(
                                  b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))))
              .doOnConnected(
                  c -> {
                    SslHandler ssl = c.channel().pipeline().get(SslHandler.class);
                    ssl.handshakeFuture()
                        .addListener(
                            f -> {
                              try {
                                byte[] der =
                                    ssl.engine().getSession().getPeerCertificates()[0].getEncoded();
                                seen[0] =
                                    SelfSignedCertificate.colonHex(
                                        MessageDigest.getInstance("SHA-256").digest(der));
                              } catch (Exception e) {
                                seen[0] = e.toString();
                              }
                            });
                  })
              .headers(h -> h.set("Authorization", tls.apiTokenHeaderValue()))
              .get()
              .uri(tls.baseUrl() + "/api2/json/version")
              .response()
              .map(r -> r.status().code())
              .block(Duration.ofSeconds(10));
      assertThat(status).isEqualTo(200);
      assertThat(seen[0]).isEqualTo(tls.tlsFingerprint());
    }
  }
}
