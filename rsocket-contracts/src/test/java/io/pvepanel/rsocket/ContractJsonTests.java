package io.pvepanel.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The records travel as plain JSON objects and never print their credentials. */
class ContractJsonTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void consoleAnswerRoundTripsAndHidesItsCredentials() {
    ConsoleRedeemAnswer answer =
        new ConsoleRedeemAnswer(
            "101",
            "1",
            "xterm",
            "wss://pve:8006/api2/json/nodes/pve1/lxc/101/vncwebsocket?port=5900&vncticket=T",
            Map.of("Authorization", "PVEAPIToken=secret"),
            "root@pam:TICKET\n",
            null,
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    String json = JSON.writeValueAsString(answer);
    assertThat(json).doesNotContain("\"xterm\":");
    ConsoleRedeemAnswer back = JSON.readValue(json, ConsoleRedeemAnswer.class);
    assertThat(back).isEqualTo(answer);
    assertThat(back.xterm()).isTrue();
    assertThat(answer.toString())
        .doesNotContain("secret", "TICKET", "vncticket", "MIIB")
        .contains("trust=ca");
    assertThat(new ConsoleRedeemRequest("s3cr3t").toString()).doesNotContain("s3cr3t");
  }

  @Test
  void accessRecordsAreFlatObjects() {
    assertThat(JSON.readTree(JSON.writeValueAsString(new ServerAccessRequest("t", "101"))))
        .isEqualTo(JSON.readTree("{\"serverId\":\"101\",\"token\":\"t\"}"));
    assertThat(JSON.readValue("{\"allowed\":true}", ServerAccessAnswer.class).allowed()).isTrue();
    assertThat(new ServerAccessRequest("tok", "101").toString()).doesNotContain("tok");
    assertThat(new OperationAccessRequest("tok", "op-1").toString()).doesNotContain("tok");
  }

  @Test
  void operationAnswerCarriesInstantsAsIsoText() {
    OperationAccessAnswer answer =
        new OperationAccessAnswer(
            "op-1",
            "101",
            "start",
            "succeeded",
            null,
            Instant.parse("2026-01-01T10:00:00Z"),
            Instant.parse("2026-01-01T10:00:02Z"));
    String json = JSON.writeValueAsString(answer);
    assertThat(json).contains("\"startedAt\":\"2026-01-01T10:00:00Z\"");
    assertThat(JSON.readValue(json, OperationAccessAnswer.class)).isEqualTo(answer);
  }
}
