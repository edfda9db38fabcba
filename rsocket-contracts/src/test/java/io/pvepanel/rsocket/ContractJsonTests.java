package io.pvepanel.rsocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The records travel as plain JSON objects and never print their credentials. */
class ContractJsonTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void consoleFramesRoundTripAndHideTheSessionAndToken() {
    ConsoleFrame data = ConsoleFrame.data(false, new byte[] {0, 1, (byte) 0xff});
    ConsoleFrame back = JSON.readValue(JSON.writeValueAsString(data), ConsoleFrame.class);
    assertThat(back.data()).containsExactly(0, 1, 0xff);
    assertThat(back.text()).isFalse();
    ConsoleFrame open = ConsoleFrame.open("s3cr3t", "tok3n");
    assertThat(JSON.readValue(JSON.writeValueAsString(open), ConsoleFrame.class).sessionId())
        .isEqualTo("s3cr3t");
    assertThat(open.toString()).doesNotContain("s3cr3t", "tok3n");
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
