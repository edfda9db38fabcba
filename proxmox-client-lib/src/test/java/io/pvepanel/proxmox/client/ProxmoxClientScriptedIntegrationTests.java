package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pvepanel.proxmox.client.ScriptedServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class ProxmoxClientScriptedIntegrationTests {
  private static final Duration T = Duration.ofSeconds(10);
  private static final String UPID =
      "UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:vzstart:101:panel@pve!ctl:";

  private ScriptedServer server;
  private ProxmoxClient client;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() {
    server = ScriptedServer.http();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private ProxmoxClient client(ProxmoxClusterProperties p) {
    client = ProxmoxClient.builder(p).meterRegistry(meters).clock(clock).build();
    return client;
  }

  private ProxmoxClient tokenClient() {
    return client(server.tokenProps());
  }

  private ProxmoxClusterProperties props(
      Integer retries,
      Duration responseTimeout,
      DataSize cap,
      ProxmoxClusterProperties.CircuitBreaker cb) {
    return ProxmoxClusterProperties.builder("test", server.baseUrl())
        .apiToken("panel@pve!ctl=secret-uuid")
        .responseTimeout(responseTimeout)
        .maxRetries(retries)
        .retryBackoff(Duration.ofMillis(10))
        .maxResponseSize(cap)
        .circuitBreaker(cb)
        .allowInsecureHttp(true)
        .build();
  }

  @Test
  void clusterResourcesParsesEveryFieldAndKeepsUnknownGuestsSparse() {
    server.enqueue(
        Reply.data(
            """
            [{"id":"lxc/101","type":"lxc","vmid":101,"node":"pve1","name":"web01","status":"running",
              "template":0,"uptime":86400,"maxcpu":2,"cpu":0.0131,"maxmem":2147483648,"mem":402653184,
              "memhost":0,"maxdisk":21474836480,"disk":3221225472,"netin":123456789,"netout":98765432,
              "diskread":1048576000,"diskwrite":524288000,"tags":"cust-42","pool":"customers","hastate":"started"},
             {"id":"qemu/200","type":"qemu","vmid":"200","node":"pve2","status":"unknown"},
             {"id":"lxc/102","type":"lxc","vmid":102,"node":"pve2","name":"db01","status":"stopped",
              "template":0,"uptime":0,"maxcpu":1,"cpu":0,"maxmem":536870912,"mem":0,
              "maxdisk":8589934592,"disk":0,"netin":0,"netout":0,"diskread":0,"diskwrite":0,"lock":"backup",
              "somethingNew":42}]"""));
    StepVerifier.create(tokenClient().clusterResources())
        .assertNext(
            list -> {
              assertThat(list).hasSize(3);
              ClusterResource web = list.get(0);
              assertThat(web.ref()).isEqualTo(GuestRef.lxc("pve1", 101));
              assertThat(web.cpu()).isEqualTo(0.0131);
              assertThat(web.maxmem()).isEqualTo(2147483648L);
              assertThat(web.pool()).isEqualTo("customers");
              assertThat(web.hastate()).isEqualTo("started");
              assertThat(web.memhost()).isZero();
              ClusterResource unknown = list.get(1);
              assertThat(unknown.vmid()).isEqualTo(200);
              assertThat(unknown.guestType()).isEqualTo(GuestType.QEMU);
              assertThat(unknown.cpu()).isNull();
              assertThat(unknown.name()).isNull();
              assertThat(unknown.uptime()).isNull();
              assertThat(list.get(2).lock()).isEqualTo("backup");
              assertThat(list.get(2).memhost()).isNull();
            })
        .expectComplete()
        .verify(T);
    ScriptedServer.Recorded r = server.requests().get(0);
    assertThat(r.uri()).isEqualTo("/api2/json/cluster/resources?type=vm");
    assertThat(r.headers().get("Authorization")).isEqualTo("PVEAPIToken=panel@pve!ctl=secret-uuid");
  }

  @Test
  void nodesGuestListsStatusAndNextIdAcceptStringIds() {
    server.enqueue(
        Reply.data(
            "[{\"node\":\"pve1\",\"id\":\"node/pve1\",\"type\":\"node\",\"status\":\"online\",\"level\":\"\","
                + "\"cpu\":0.042,\"maxcpu\":32,\"mem\":1,\"maxmem\":2,\"uptime\":5,\"ssl_fingerprint\":\"3A:7F\"},"
                + "{\"node\":\"pve2\",\"status\":\"offline\",\"maxcpu\":32}]"),
        Reply.data(
            "[{\"vmid\":\"101\",\"type\":\"lxc\",\"status\":\"running\",\"name\":\"web01\",\"cpus\":2}]"),
        Reply.data(
            "{\"vmid\":200,\"status\":\"running\",\"qmpstatus\":\"paused\",\"name\":\"win01\",\"agent\":1,"
                + "\"ha\":{\"managed\":0},\"nics\":{\"tap200i0\":{\"netin\":1}}}"),
        Reply.data("\"105\""),
        Reply.data("106"));
    ProxmoxClient c = tokenClient();
    StepVerifier.create(c.nodes())
        .assertNext(
            n -> {
              assertThat(n.get(0).sslFingerprint()).isEqualTo("3A:7F");
              assertThat(n.get(0).isOnline()).isTrue();
              assertThat(n.get(1).cpu()).isNull();
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.guests("pve1", GuestType.LXC))
        .assertNext(g -> assertThat(g.get(0).vmid()).isEqualTo(101))
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.status(GuestRef.qemu("pve1", 200)))
        .assertNext(
            s -> {
              assertThat(s.qmpstatus()).isEqualTo("paused");
              assertThat(s.isRunning()).isTrue();
              assertThat(s.agent()).isEqualTo(1);
              assertThat(s.mem()).isNull();
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.nextId()).expectNext(105).expectComplete().verify(T);
    StepVerifier.create(c.nextId()).expectNext(106).expectComplete().verify(T);
    assertThat(server.requests().get(1).path()).isEqualTo("/api2/json/nodes/pve1/lxc");
    assertThat(server.requests().get(2).path())
        .isEqualTo("/api2/json/nodes/pve1/qemu/200/status/current");
  }

  @Test
  void lifecycleReturnsParsedUpidAndTaskCallsGoToTheUpidNode() {
    String upid2 = "UPID:pve3:0003A1F2:0A1B2C3D:66E1A2B3:qmreset:200:panel@pve!ctl:";
    server.enqueue(
        Reply.data("\"" + UPID + "\""),
        Reply.data("\"" + upid2 + "\""),
        Reply.data("{\"upid\":\"" + upid2 + "\",\"status\":\"stopped\",\"exitstatus\":\"OK\"}"),
        Reply.ok(
            "{\"data\":[{\"n\":1,\"t\":\"starting\"},{\"n\":2,\"t\":\"TASK OK\"}],\"total\":2}"));
    ProxmoxClient c = tokenClient();
    StepVerifier.create(c.start(GuestRef.lxc("pve1", 101)))
        .assertNext(
            u -> {
              assertThat(u.node()).isEqualTo("pve1");
              assertThat(u.type()).isEqualTo("vzstart");
              assertThat(u.user()).isEqualTo("panel@pve!ctl");
              assertThat(u.pid()).isEqualTo(238066);
              assertThat(u.startTime()).isEqualTo(Instant.ofEpochSecond(1726063283));
            })
        .expectComplete()
        .verify(T);
    Upid reset = c.reset(GuestRef.qemu("pve1", 200)).block(T);
    StepVerifier.create(c.taskStatus(reset))
        .assertNext(s -> assertThat(s.isSuccess()).isTrue())
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.taskLog(reset, 0, 0))
        .assertNext(
            log -> {
              assertThat(log.total()).isEqualTo(2);
              assertThat(log.lines().get(1).t()).isEqualTo("TASK OK");
            })
        .expectComplete()
        .verify(T);
    List<ScriptedServer.Recorded> reqs = server.requests();
    assertThat(reqs.get(0).method()).isEqualTo("POST");
    assertThat(reqs.get(0).path()).isEqualTo("/api2/json/nodes/pve1/lxc/101/status/start");
    assertThat(reqs.get(1).path()).isEqualTo("/api2/json/nodes/pve1/qemu/200/status/reset");
    assertThat(reqs.get(2).path()).isEqualTo("/api2/json/nodes/pve3/tasks/" + upid2 + "/status");
    assertThat(reqs.get(3).query()).isEqualTo("start=0&limit=0");
    StepVerifier.create(c.reset(GuestRef.lxc("pve1", 101)))
        .expectError(IllegalArgumentException.class)
        .verify(T);
  }

  @Test
  void reasonPhraseOnlyErrorsOfOldPveAreTyped() {
    server.enqueue(
        Reply.error(500, "CT 101 already running", "{\"data\":null}"),
        Reply.error(500, "CT 101 not running", ""),
        Reply.error(500, "Configuration file 'nodes/pve1/lxc/999.conf' does not exist", ""),
        Reply.error(500, "CT is locked (backup)", "{\"data\":null}"),
        Reply.error(403, "Permission check failed (/vms/101, VM.PowerMgmt)", ""),
        Reply.error(401, "Authentication failed!", ""),
        Reply.error(
            400,
            "Parameter verification failed.",
            "{\"data\":null,\"errors\":{\"snapname\":\"invalid format - invalid configuration ID 'x y'\\n\"},"
                + "\"message\":\"Parameter verification failed.\\n\"}"),
        Reply.error(
            500,
            "Internal Server Error",
            "{\"data\":null,\"message\":\"CT 101 already running\\n\"}"));
    ProxmoxClient c = tokenClient();
    GuestRef ref = GuestRef.lxc("pve1", 101);
    StepVerifier.create(c.start(ref))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxApiException.Conflict.class);
              var conflict = (ProxmoxApiException.Conflict) e;
              assertThat(conflict.kind())
                  .isEqualTo(ProxmoxApiException.Conflict.Kind.ALREADY_RUNNING);
              assertThat(conflict.pveMessage()).isEqualTo("CT 101 already running");
              assertThat(conflict.endpoint()).isEqualTo("/nodes/{node}/lxc/{vmid}/status/start");
              assertThat(conflict.status()).isEqualTo(500);
            })
        .verify(T);
    StepVerifier.create(c.stop(ref))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.Conflict) e).kind())
                    .isEqualTo(ProxmoxApiException.Conflict.Kind.NOT_RUNNING))
        .verify(T);
    StepVerifier.create(c.status(GuestRef.lxc("pve1", 999)))
        .expectError(ProxmoxApiException.NotFound.class)
        .verify(T);
    StepVerifier.create(c.shutdown(ref))
        .expectErrorSatisfies(
            e -> assertThat(((ProxmoxApiException.Locked) e).lock()).isEqualTo("backup"))
        .verify(T);
    StepVerifier.create(c.reboot(ref)).expectError(ProxmoxApiException.Forbidden.class).verify(T);
    StepVerifier.create(c.suspend(ref))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxApiException.Unauthorized.class);
              assertThat(e.getMessage())
                  .contains("Authentication failed!")
                  .doesNotContain("secret");
            })
        .verify(T);
    StepVerifier.create(c.createSnapshot(ref, "ok-name", null))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException.BadRequest) e).fieldErrors())
                    .containsEntry("snapname", "invalid format - invalid configuration ID 'x y'"))
        .verify(T);
    StepVerifier.create(c.resume(ref))
        .expectErrorSatisfies(
            e ->
                assertThat(((ProxmoxApiException) e).pveMessage())
                    .isEqualTo("CT 101 already running"))
        .verify(T);
  }

  @Test
  void getsAreRetriedOnProxyErrorsAndTruncatedBodiesButPostsAreNot() {
    server.enqueue(
        Reply.error(
            596, "Errors during TLS negotiation, request sending and header processing", ""),
        Reply.data("[]").truncated(),
        Reply.error(502, "Bad Gateway", ""),
        Reply.data("[]"),
        Reply.error(
            595,
            "Errors during connection establishment, proxy handshake: Connection refused",
            ""));
    ProxmoxClient c = client(props(3, null, null, null));
    StepVerifier.create(c.clusterResources()).expectNext(List.of()).expectComplete().verify(T);
    assertThat(server.count("GET", "/api2/json/cluster/resources")).isEqualTo(4);
    StepVerifier.create(c.start(GuestRef.lxc("pve1", 101)))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxApiException.ProxyError.class);
              assertThat(((ProxmoxApiException) e).status()).isEqualTo(595);
            })
        .verify(T);
    assertThat(server.count("POST", "/api2/json/nodes")).isEqualTo(1);
  }

  @Test
  void truncatedBodyWithoutRetriesIsATransportError() {
    server.enqueue(Reply.data("[{\"id\":\"lxc/101\"}]").truncated());
    StepVerifier.create(client(props(0, null, null, null)).clusterResources())
        .expectError(ProxmoxTransportException.class)
        .verify(T);
  }

  @Test
  void slowResponseTimesOut() {
    server.enqueue(Reply.data("\"" + UPID + "\"").delayed(Duration.ofSeconds(3)));
    StepVerifier.create(
            client(props(0, Duration.ofMillis(300), null, null)).start(GuestRef.lxc("pve1", 101)))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxTimeoutException.class);
              assertThat(((ProxmoxTimeoutException) e).isTaskStillRunning()).isFalse();
            })
        .verify(T);
  }

  @Test
  void oversizedBodyIsRejectedByTheCap() {
    String big =
        "["
            + "{\"id\":\"lxc/101\",\"type\":\"lxc\",\"vmid\":101,\"node\":\"pve1\",\"status\":\"unknown\"},"
                .repeat(200)
            + "{}]";
    server.enqueue(Reply.data(big));
    StepVerifier.create(client(props(0, null, DataSize.ofKilobytes(4), null)).clusterResources())
        .expectErrorSatisfies(
            e -> assertThat(((ProxmoxTransportException) e).isResponseTooLarge()).isTrue())
        .verify(T);
  }

  @Test
  void breakerOpensOnProxyErrorsOnlyAndHalfOpensAfterTheWait() {
    var cb =
        new ProxmoxClusterProperties.CircuitBreaker(
            Duration.ofSeconds(60), 3, 50f, Duration.ofSeconds(30), 1);
    ProxmoxClient c = client(props(0, null, null, cb));
    GuestRef ref = GuestRef.lxc("pve1", 101);
    // Business errors are answers from a healthy cluster: they never open the breaker.
    server.enqueue(
        Reply.error(500, "CT 101 already running", ""),
        Reply.error(500, "CT 101 already running", ""),
        Reply.error(500, "CT 101 already running", ""),
        Reply.error(400, "Parameter verification failed.", ""));
    for (int i = 0; i < 3; i++) {
      StepVerifier.create(c.start(ref)).expectError(ProxmoxApiException.Conflict.class).verify(T);
    }
    StepVerifier.create(c.start(ref)).expectError(ProxmoxApiException.BadRequest.class).verify(T);
    server.enqueue(
        Reply.error(596, "Connection timed out", ""),
        Reply.error(596, "Connection timed out", ""),
        Reply.error(595, "No route to host", ""),
        Reply.error(595, "No route to host", ""));
    for (int i = 0; i < 4; i++) {
      StepVerifier.create(c.start(ref)).expectError(ProxmoxApiException.ProxyError.class).verify(T);
    }
    long before = server.requests().size();
    StepVerifier.create(c.start(ref))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxClusterUnavailableException.class);
              assertThat(((ProxmoxException) e).cluster()).isEqualTo("test");
            })
        .verify(T);
    assertThat(server.requests()).hasSize((int) before);
    clock.advance(Duration.ofSeconds(31));
    server.enqueue(Reply.data("\"" + UPID + "\""));
    StepVerifier.create(c.start(ref)).expectNextCount(1).expectComplete().verify(T);
    assertThat(server.requests()).hasSize((int) before + 1);
  }

  @Test
  void ticketIsObtainedOnceForConcurrentCallersAndRenewedWithTheTicket() {
    String ticket1 = "PVE:panel@pve:66E1A2B3::si+g/1==";
    String ticket2 = "PVE:panel@pve:66E1B0C3::sig2==";
    server.otherwise(
        r -> {
          if (r.path().endsWith("/access/ticket")) {
            String pw = ScriptedServer.formOf(r.body()).get("password");
            String t = pw.equals("s3cret") ? ticket1 : pw.equals(ticket1) ? ticket2 : null;
            if (t == null) {
              return Reply.error(401, "authentication failure", "");
            }
            return Reply.data(
                    "{\"username\":\"panel@pve\",\"ticket\":\""
                        + t
                        + "\",\"CSRFPreventionToken\":\"CSRF-"
                        + t
                        + "\"}")
                .delayed(Duration.ofMillis(200));
          }
          if (r.method().equals("GET")) {
            return Reply.data("[]");
          }
          return Reply.data("\"" + UPID + "\"");
        });
    ProxmoxClient c =
        client(
            ProxmoxClusterProperties.builder("test", server.baseUrl())
                .login("panel@pve", "s3cret")
                .allowInsecureHttp(true)
                .build());
    StepVerifier.create(Flux.range(0, 8).flatMap(i -> c.nodes()).collectList())
        .assertNext(l -> assertThat(l).hasSize(8))
        .expectComplete()
        .verify(T);
    assertThat(server.count("POST", "/api2/json/access/ticket")).isEqualTo(1);
    StepVerifier.create(c.start(GuestRef.lxc("pve1", 101)))
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    ScriptedServer.Recorded get = server.requests().get(1);
    assertThat(get.headers().get("Cookie")).isEqualTo("PVEAuthCookie=" + encode(ticket1));
    assertThat(get.headers().get("CSRFPreventionToken")).isNull();
    ScriptedServer.Recorded post = server.requests().get(server.requests().size() - 1);
    assertThat(post.headers().get("CSRFPreventionToken")).isEqualTo("CSRF-" + ticket1);

    clock.advance(Duration.ofMinutes(61));
    StepVerifier.create(Flux.range(0, 5).flatMap(i -> c.nodes()).collectList())
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    List<ScriptedServer.Recorded> logins =
        server.requests().stream().filter(r -> r.path().endsWith("/access/ticket")).toList();
    assertThat(logins).hasSize(2);
    assertThat(ScriptedServer.formOf(logins.get(1).body()))
        .containsEntry("username", "panel@pve")
        .containsEntry("password", ticket1);
    ScriptedServer.Recorded last = server.requests().get(server.requests().size() - 1);
    assertThat(last.headers().get("Cookie")).isEqualTo("PVEAuthCookie=" + encode(ticket2));
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void wrongPasswordIsAnAuthErrorWithoutTheSecret() {
    server.otherwise(
        r ->
            Reply.error(
                401,
                "authentication failure",
                "{\"data\":null,\"message\":\"authentication failure\\n\"}"));
    ProxmoxClient c =
        client(
            ProxmoxClusterProperties.builder("test", server.baseUrl())
                .login("panel@pve", "wrong-pw")
                .allowInsecureHttp(true)
                .build());
    StepVerifier.create(c.nodes())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(ProxmoxApiException.Unauthorized.class);
              assertThat(e.getMessage()).doesNotContain("wrong-pw");
            })
        .verify(T);
  }

  @Test
  void rrddataIsNormalisedAndMissingFieldsStayNull() {
    server.enqueue(
        Reply.data(
            "[{\"time\":1726063200,\"maxcpu\":2,\"cpu\":0.0131,\"maxmem\":2147483648,\"mem\":402653184.5,"
                + "\"maxdisk\":21474836480,\"disk\":3221225472,\"netin\":1520.4,\"netout\":830.1,"
                + "\"diskread\":0,\"diskwrite\":4096.7},"
                + "{\"time\":1726063260,\"maxcpu\":2,\"maxmem\":2147483648,\"maxdisk\":21474836480,\"disk\":0}]"));
    StepVerifier.create(
            tokenClient()
                .rrddata(GuestRef.lxc("pve1", 101), Timeframe.HOUR, ConsolidationFunction.MAX))
        .assertNext(
            points -> {
              RrdPoint p = points.get(0);
              assertThat(p.time()).isEqualTo(Instant.ofEpochSecond(1726063200));
              assertThat(p.cpuPercent()).isCloseTo(1.31, org.assertj.core.data.Offset.offset(1e-9));
              assertThat(p.memBytes()).isEqualTo(402653184.5);
              assertThat(p.netInBytesPerSecond()).isEqualTo(1520.4);
              assertThat(p.diskReadBytesPerSecond()).isZero();
              RrdPoint stopped = points.get(1);
              assertThat(stopped.cpuPercent()).isNull();
              assertThat(stopped.memBytes()).isNull();
              assertThat(stopped.netInBytesPerSecond()).isNull();
              assertThat(stopped.maxMemBytes()).isEqualTo(2147483648.0);
            })
        .expectComplete()
        .verify(T);
    assertThat(server.requests().get(0).uri())
        .isEqualTo("/api2/json/nodes/pve1/lxc/101/rrddata?timeframe=hour&cf=MAX");
  }

  @Test
  void snapshotsAndConsole() {
    server.enqueue(
        Reply.data(
            "[{\"name\":\"before\",\"description\":\"x\",\"snaptime\":1726000000},"
                + "{\"name\":\"current\",\"description\":\"You are here!\",\"running\":1,\"parent\":\"before\"}]"),
        Reply.data("\"" + UPID + "\""),
        Reply.data("\"" + UPID + "\""),
        Reply.data("\"" + UPID + "\""),
        Reply.data("{\"hostname\":\"web01\",\"cores\":2}"),
        Reply.data(
            "{\"user\":\"panel@pve!ctl\",\"ticket\":\"PVEVNC:66E1A2B3::c2ln+/=\",\"port\":\"5901\",\"upid\":\""
                + UPID
                + "\"}"),
        Reply.data(
            "{\"user\":\"panel@pve!ctl\",\"ticket\":\"pw123456:PVEVNC:66E1A2B3::c2ln\",\"port\":5902,"
                + "\"upid\":\""
                + UPID
                + "\",\"cert\":\"-----BEGIN CERTIFICATE-----\",\"password\":\"pw123456\"}"));
    ProxmoxClient c = tokenClient();
    GuestRef ref = GuestRef.lxc("pve1", 101);
    StepVerifier.create(c.snapshots(ref))
        .assertNext(
            s -> {
              assertThat(s.get(1).isCurrent()).isTrue();
              assertThat(s.get(1).parent()).isEqualTo("before");
              assertThat(s.get(1).snaptime()).isNull();
            })
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.createSnapshot(ref, "snap1", "desc"))
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.rollbackSnapshot(ref, "snap1", true))
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.deleteSnapshot(ref, "snap1"))
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.snapshotConfig(ref, "snap1"))
        .assertNext(m -> assertThat(m).containsEntry("hostname", "web01"))
        .expectComplete()
        .verify(T);
    ConsoleTicket term = c.termproxy(ref).block(T);
    assertThat(term.port()).isEqualTo(5901);
    assertThat(term.vncPassword()).isEqualTo(term.ticket());
    assertThat(term.termproxyHandshake()).isEqualTo("panel@pve!ctl:PVEVNC:66E1A2B3::c2ln+/=\n");
    ConsoleTicket vnc = c.vncproxy(GuestRef.qemu("pve1", 200)).block(T);
    assertThat(vnc.vncPassword()).isEqualTo("pw123456");
    assertThat(vnc.toString()).doesNotContain("PVEVNC");
    StepVerifier.create(c.consoleWebSocket(ref, term))
        .assertNext(
            w -> {
              assertThat(w.uri().toString())
                  .isEqualTo(
                      server.baseUrl().replace("http", "ws")
                          + "/api2/json/nodes/pve1/lxc/101/vncwebsocket?port=5901&vncticket=PVEVNC%3A66E1A2B3%3A%3Ac2ln%2B%2F%3D");
              assertThat(w.headers())
                  .containsEntry("Authorization", "PVEAPIToken=panel@pve!ctl=secret-uuid");
            })
        .expectComplete()
        .verify(T);

    List<ScriptedServer.Recorded> r = server.requests();
    assertThat(ScriptedServer.formOf(r.get(1).body()))
        .containsEntry("snapname", "snap1")
        .containsEntry("description", "desc");
    assertThat(r.get(2).path()).isEqualTo("/api2/json/nodes/pve1/lxc/101/snapshot/snap1/rollback");
    assertThat(ScriptedServer.formOf(r.get(2).body())).containsEntry("start", "1");
    assertThat(r.get(3).method()).isEqualTo("DELETE");
    assertThat(r.get(4).path()).isEqualTo("/api2/json/nodes/pve1/lxc/101/snapshot/snap1/config");
    assertThat(ScriptedServer.formOf(r.get(6).body())).containsEntry("websocket", "1");
    StepVerifier.create(c.createSnapshot(ref, "1st", null))
        .expectError(IllegalArgumentException.class)
        .verify(T);
  }

  @Test
  void createLxcRetriesWithANewIdWhenTakenAndSendsUnprivilegedExplicitly() {
    server.enqueue(
        Reply.data("\"105\""),
        Reply.error(500, "CT 105 already exists on node 'pve2'", ""),
        Reply.data("106"),
        Reply.data("\"UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:vzcreate:106:panel@pve!ctl:\""),
        Reply.data("\"UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:vzdestroy:106:panel@pve!ctl:\""),
        Reply.data("\"UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:qmdestroy:200:panel@pve!ctl:\""));
    ProxmoxClient c = tokenClient();
    LxcCreateRequest req =
        new LxcCreateRequest(
            null,
            "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
            "web01",
            "pa$$w0rd&=",
            List.of("ssh-ed25519 AAAA a@b", "ssh-rsa BBBB c@d"),
            2,
            1024,
            512,
            "local-lvm",
            8,
            "name=eth0,bridge=vmbr0,ip=dhcp",
            "1.1.1.1",
            false,
            "nesting=1",
            false,
            null);
    StepVerifier.create(c.createLxc("pve1", req))
        .assertNext(
            created -> {
              assertThat(created.ref()).isEqualTo(GuestRef.lxc("pve1", 106));
              assertThat(created.upid().type()).isEqualTo("vzcreate");
            })
        .expectComplete()
        .verify(T);
    assertThat(req.toString()).doesNotContain("pa$$w0rd");
    Map<String, String> form = ScriptedServer.formOf(server.requests().get(3).body());
    assertThat(form)
        .containsEntry("vmid", "106")
        .containsEntry("password", "pa$$w0rd&=")
        .containsEntry("ssh-public-keys", "ssh-ed25519 AAAA a@b\nssh-rsa BBBB c@d")
        .containsEntry("rootfs", "local-lvm:8")
        .containsEntry("memory", "1024")
        .containsEntry("unprivileged", "0")
        .containsEntry("start", "0")
        .containsEntry("features", "nesting=1");
    StepVerifier.create(c.delete(GuestRef.lxc("pve1", 106)))
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    StepVerifier.create(c.delete(GuestRef.qemu("pve1", 200)))
        .expectNextCount(1)
        .expectComplete()
        .verify(T);
    ScriptedServer.Recorded del = server.requests().get(4);
    assertThat(del.method()).isEqualTo("DELETE");
    assertThat(del.uri())
        .isEqualTo("/api2/json/nodes/pve1/lxc/106?purge=1&destroy-unreferenced-disks=1&force=1");
    assertThat(del.body()).isEmpty();
    assertThat(server.requests().get(5).query()).isEqualTo("purge=1&destroy-unreferenced-disks=1");
  }

  @Test
  void qemuPasswordGoesThroughTheAgent() {
    server.enqueue(
        Reply.data("{\"result\":{}}"), Reply.error(500, "No QEMU guest agent configured", ""));
    ProxmoxClient c = tokenClient();
    StepVerifier.create(c.setQemuUserPassword(GuestRef.qemu("pve1", 200), "root", "n3w-Passw0rd"))
        .expectComplete()
        .verify(T);
    assertThat(server.requests().get(0).path())
        .isEqualTo("/api2/json/nodes/pve1/qemu/200/agent/set-user-password");
    assertThat(ScriptedServer.formOf(server.requests().get(0).body()))
        .containsEntry("username", "root")
        .containsEntry("password", "n3w-Passw0rd");
    StepVerifier.create(c.setQemuUserPassword(GuestRef.qemu("pve1", 200), "root", "n3w-Passw0rd"))
        .expectErrorSatisfies(e -> assertThat(e.getMessage()).doesNotContain("n3w-Passw0rd"))
        .verify(T);
  }

  @Test
  void timersAreTaggedWithTheEndpointTemplateNotIds() {
    server.enqueue(
        Reply.data("{\"vmid\":101,\"status\":\"running\"}"),
        Reply.error(500, "CT 101 already running", ""));
    ProxmoxClient c = tokenClient();
    c.status(GuestRef.lxc("pve1", 101)).block(T);
    StepVerifier.create(c.start(GuestRef.lxc("pve1", 101))).expectError().verify(T);
    assertThat(
            meters
                .get(HttpTransport.METRIC)
                .tag("endpoint", "/nodes/{node}/lxc/{vmid}/status/current")
                .tag("cluster", "test")
                .tag("outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get(HttpTransport.METRIC)
                .tag("endpoint", "/nodes/{node}/lxc/{vmid}/status/start")
                .tag("outcome", "server_error")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(meters.getMeters())
        .allSatisfy(
            m ->
                assertThat(m.getId().getTag("endpoint"))
                    .doesNotContain("101")
                    .doesNotContain("pve1"));
  }
}
