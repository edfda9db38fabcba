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

  @Test
  void anInventoryRecordWrittenBeforeSuspensionExistedReadsAsNotSuspended() {
    // the compacted topic keeps records of every age
    String json =
        "{\"eventId\":\"00000000-0000-0000-0000-000000000003\",\"type\":\"server.inventory\","
            + "\"version\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"serverId\":\"s-3\","
            + "\"ownerId\":\"7\",\"ownerEmail\":null,\"name\":\"web01\",\"cluster\":\"local\","
            + "\"node\":\"pve1\",\"vmid\":101,\"guestType\":\"lxc\",\"diskFromAgent\":false}";
    ServerInventoryRecord record = EventJson.read(json, ServerInventoryRecord.class);
    assertThat(record.suspended()).isFalse();
    String suspended = json.replace("false}", "false,\"suspended\":true}");
    assertThat(EventJson.read(suspended, ServerInventoryRecord.class).suspended()).isTrue();
  }
}
