package io.pvepanel.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventJsonTests {

  @Test
  void writesTheFlatEnvelopeWithIsoInstantsAndExplicitNulls() {
    MetricSample sample =
        new MetricSample(
            UUID.fromString("00000000-0000-0000-0000-000000000001"),
            MetricSample.TYPE,
            MetricSample.VERSION,
            Instant.parse("2026-01-01T00:00:00Z"),
            "s-1",
            "42",
            MetricSample.DATA_NO_DATA,
            "unknown",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    String json = EventJson.write(sample);
    assertThat(json)
        .contains("\"eventId\":\"00000000-0000-0000-0000-000000000001\"")
        .contains("\"type\":\"server.sample\"")
        .contains("\"occurredAt\":\"2026-01-01T00:00:00Z\"")
        .contains("\"serverId\":\"s-1\"")
        .contains("\"cpuPercent\":null");
    assertThat(EventJson.read(json, MetricSample.class)).isEqualTo(sample);
  }

  @Test
  void ignoresFieldsANewerProducerAdds() {
    String json =
        "{\"eventId\":\"00000000-0000-0000-0000-000000000002\",\"type\":\"server.deleted\","
            + "\"version\":2,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"serverId\":\"s-2\","
            + "\"ownerId\":\"7\",\"somethingNew\":{\"x\":1}}";
    ServerEvent event = EventJson.read(json, ServerEvent.class);
    assertThat(event.type()).isEqualTo(ServerEvent.DELETED);
    assertThat(event.ownerId()).isEqualTo("7");
  }
}
