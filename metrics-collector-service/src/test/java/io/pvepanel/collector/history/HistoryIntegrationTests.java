package io.pvepanel.collector.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.collector.CollectorIntegrationTest;
import io.pvepanel.events.MetricSample;
import io.pvepanel.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

class HistoryIntegrationTests extends CollectorIntegrationTest {

  @Autowired WebTestClient http;
  @Autowired HistoryRecorder recorder;

  private Map<String, Object> metrics(String serverId, String owner, String range) {
    return http.get()
        .uri("/api/server/{id}/metrics?range={range}", serverId, range)
        .headers(h -> h.setBearerAuth(TestTokens.user(owner)))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> points(Map<String, Object> body) {
    return (List<Map<String, Object>>) body.get("points");
  }

  private static double num(Map<String, Object> point, String key) {
    return ((Number) point.get(key)).doubleValue();
  }

  /** A week of rollups: cpu avg 20 with a per-minute max of 20 + (minute mod 28). */
  private static void insertWeekOfRollups(String serverId, long now) throws Exception {
    long first = (now - 7 * 86_400) / 60 * 60;
    try (Connection c = DATABASE.connect();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO metric_rollup (server_id, ts, samples, cpu_avg, cpu_max, mem_avg,"
                    + " mem_max, disk_avg, disk_max, net_in_avg, net_in_max, net_out_avg,"
                    + " net_out_max) VALUES (?,?,6,20,?,50,60,?,?,1000,5000,10,20)")) {
      c.setAutoCommit(false);
      for (long ts = first; ts < now - 60; ts += 60) {
        st.setString(1, serverId);
        st.setLong(2, ts);
        st.setFloat(3, 20 + (ts / 60) % 28);
        st.setNull(4, Types.FLOAT);
        st.setNull(5, Types.FLOAT);
        st.addBatch();
      }
      st.executeBatch();
      c.commit();
    }
  }

  @Test
  void aWeekOfRollupsIsDownsampledToAtMostMaxPointsWithAverageAndMax() throws Exception {
    String server = newServerId();
    addServer(server, "801", 201, "qemu", false);
    long now = Instant.now().getEpochSecond();
    insertWeekOfRollups(server, now);

    Map<String, Object> week = metrics(server, "801", "7d");
    assertThat(week).containsEntry("source", "local").containsEntry("range", "7d");
    // 7 days / 360 points = 1680 s, a whole number of minutes (28)
    assertThat(week).containsEntry("bucketSeconds", 1680);
    List<Map<String, Object>> points = points(week);
    assertThat(points).hasSizeBetween(355, 360);
    for (Map<String, Object> p : points.subList(0, points.size() - 1)) {
      assertThat(num(p, "cpuAvg")).isEqualTo(20.0);
      // each full bucket holds minutes 0..27 of the pattern
      assertThat(num(p, "cpuMax")).isEqualTo(47.0);
      assertThat(num(p, "memoryAvg")).isEqualTo(50.0);
      assertThat(num(p, "memoryMax")).isEqualTo(60.0);
      assertThat(num(p, "netInAvg")).isEqualTo(1000.0);
      assertThat(num(p, "netInMax")).isEqualTo(5000.0);
      assertThat(p.get("diskAvg")).isNull();
    }
    assertThat(Instant.parse((String) points.get(0).get("time")).getEpochSecond() % 1680).isZero();

    Map<String, Object> day = metrics(server, "801", "24h");
    assertThat(day).containsEntry("bucketSeconds", 240);
    assertThat(points(day)).hasSizeBetween(355, 360);
    Map<String, Object> sixHours = metrics(server, "801", "6h");
    assertThat(sixHours).containsEntry("bucketSeconds", 60);
    assertThat(points(sixHours)).hasSizeBetween(355, 360);
    assertThat(num(points(sixHours).get(10), "cpuMax"))
        .isEqualTo(
            20
                + (Instant.parse((String) points(sixHours).get(10).get("time")).getEpochSecond()
                        / 60)
                    % 28);
  }

  @Test
  void cycleSamplesAreStoredRawAndRolledUpPerMinute() throws Exception {
    String server = newServerId();
    addServer(server, "802", 101, "lxc", false);
    long now = Instant.now().getEpochSecond();
    long start = (now - 3600) / 60 * 60 + 60;
    int n = 0;
    for (long ts = start; ts < now; ts += 10, n++) {
      double cpu = n % 6 == 5 ? 90 : 30;
      MetricSample s =
          new MetricSample(
              UUID.randomUUID(),
              MetricSample.TYPE,
              MetricSample.VERSION,
              Instant.ofEpochSecond(ts),
              server,
              "802",
              MetricSample.DATA_OK,
              "running",
              cpu,
              512L,
              1024L,
              50.0,
              10L,
              100L,
              10.0,
              100.0,
              200.0,
              ts);
      recorder.record(Instant.ofEpochSecond(ts), List.of(s)).block(BOUND);
    }

    Map<String, Object> hour = metrics(server, "802", "1h");
    assertThat(hour).containsEntry("source", "local").containsEntry("bucketSeconds", 10);
    assertThat(points(hour)).hasSizeBetween(340, 360);
    assertThat(num(points(hour).get(0), "diskAvg")).isEqualTo(10.0);

    // every complete minute became one rollup row: 6 samples, avg 40, max 90
    try (Connection c = DATABASE.connect();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT COUNT(*), MIN(samples), MAX(samples), MIN(cpu_avg), MAX(cpu_max)"
                    + " FROM metric_rollup WHERE server_id = ?")) {
      st.setString(1, server);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isBetween(55, 60);
        assertThat(rs.getInt(2)).isEqualTo(6);
        assertThat(rs.getInt(3)).isEqualTo(6);
        assertThat(rs.getFloat(4)).isEqualTo(40f);
        assertThat(rs.getFloat(5)).isEqualTo(90f);
      }
    }
  }

  @Test
  void rangesBeyondLocalRetentionComeFromProxmoxOnceThenFromTheCache() {
    String server = newServerId();
    addServer(server, "803", 101, "lxc", false);
    String route = "/nodes/{node}/lxc/{vmid}/rrddata";
    long before = PROXMOX.requestCount("GET", route);

    Map<String, Object> month = metrics(server, "803", "30d");
    assertThat(month).containsEntry("source", "proxmox").containsEntry("bucketSeconds", 7200);
    List<Map<String, Object>> points = points(month);
    assertThat(points).isNotEmpty().hasSizeLessThanOrEqualTo(360);
    assertThat(num(points.get(points.size() - 1), "cpuAvg")).isBetween(0.0, 100.0);
    assertThat(num(points.get(points.size() - 1), "memoryMax"))
        .isGreaterThanOrEqualTo(num(points.get(points.size() - 1), "memoryAvg"));
    assertThat(PROXMOX.requestCount("GET", route)).isEqualTo(before + 1);

    metrics(server, "803", "30d");
    assertThat(PROXMOX.requestCount("GET", route)).isEqualTo(before + 1);
  }

  @Test
  void aGuestWithoutAnRrdFileYetHasNoProxmoxHistoryRatherThanAnError() {
    // vmid 777 has no RRD file (as a guest created seconds ago): PVE answers 500 "RRD error: …"
    String server = newServerId();
    addServer(server, "804", 777, "lxc", false);
    Map<String, Object> month = metrics(server, "804", "30d");
    assertThat(month).containsEntry("source", "proxmox");
    assertThat(points(month)).isEmpty();
  }

  @Test
  void anInvalidRangeIsA400NamingTheParameter() {
    String server = newServerId();
    addServer(server, "804", 101, "lxc", false);
    http.get()
        .uri("/api/server/{id}/metrics?range=2w", server)
        .headers(h -> h.setBearerAuth(TestTokens.user("804")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.field")
        .isEqualTo("range");
    http.get()
        .uri("/api/server/{id}/metrics?range=1h", server)
        .headers(h -> h.setBearerAuth(TestTokens.user("805")))
        .exchange()
        .expectStatus()
        .isNotFound();
  }
}
