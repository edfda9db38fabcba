package io.pvepanel.gateway.live;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.gateway.console.ConsoleRelays;
import io.pvepanel.kafka.LogAndSkipErrorHandler;
import io.pvepanel.kafka.UnprocessableRecordException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Consumes the update topics as this instance's own consumer group (a broadcast: every gateway
 * instance sees every record, from the latest offset on) and fans each record out to the sockets of
 * this instance that watch its server. The inventory and {@code server.deleted} also end the
 * consoles of a server deleted or handed to another owner, and the subscriptions (but support
 * staff's) of a server handed to another owner ({@link LiveHub#accessChanged}, {@link
 * ConsoleRelays}) and evict its cached access answers. A broadcast consumer by the suite's Kafka
 * convention: records that cannot be read (or fail otherwise) are logged and skipped ({@link
 * LogAndSkipErrorHandler}), never retried nor dead-lettered: a missed live update is repaired by
 * the next sample.
 */
@Component
public class LiveEventsListener implements ConsumerSeekAware {

  private final LiveHub hub;
  private final AccessCache access;
  private final ConsoleRelays consoles;
  private final AtomicBoolean assigned = new AtomicBoolean();

  public LiveEventsListener(LiveHub hub, AccessCache access, ConsoleRelays consoles) {
    this.hub = hub;
    this.access = access;
    this.consoles = consoles;
  }

  @KafkaListener(
      id = "gateway-live",
      topics = {
        Topics.SERVER_METRICS,
        Topics.SERVER_EVENTS,
        Topics.ALERT_EVENTS,
        Topics.SERVER_INVENTORY
      },
      groupId = "#{@liveConsumerGroup}",
      autoStartup = "${pvepanel.gateway.live.consume:true}",
      errorHandler = LogAndSkipErrorHandler.BEAN,
      properties = {"auto.offset.reset=latest", "enable.auto.commit=false"})
  public void onRecord(ConsumerRecord<String, String> record) {
    String value = record.value();
    if (Topics.SERVER_INVENTORY.equals(record.topic())) {
      onInventory(record.key(), value);
      return;
    }
    if (value == null) {
      return;
    }
    switch (record.topic()) {
      case Topics.SERVER_METRICS -> {
        MetricSample s = UnprocessableRecordException.read(value, MetricSample.class);
        hub.publish(s.serverId(), Frames.serverUpdate(s));
      }
      case Topics.SERVER_EVENTS ->
          onServerEvent(UnprocessableRecordException.read(value, ServerEvent.class));
      case Topics.ALERT_EVENTS -> {
        AlertEvent a = UnprocessableRecordException.read(value, AlertEvent.class);
        hub.publish(a.serverId(), Frames.alert(a));
      }
      default -> {}
    }
  }

  private void onServerEvent(ServerEvent e) {
    String type = e.type() == null ? "" : e.type();
    if (type.startsWith("operation.") && e.operation() != null) {
      hub.publishOperation(
          e.serverId(), e.operation().id(), e.operation().state(), Frames.operationUpdate(e));
    } else if (ServerEvent.STATUS_CHANGED.equals(type) && e.status() != null) {
      hub.publish(e.serverId(), Frames.serverStatus(e, e.status()));
    } else if (ServerEvent.DELETED.equals(type)) {
      if (e.serverId() != null) {
        // before the frame: whoever saw "deleted" cannot subscribe on a cached answer
        access.revoke(e.serverId());
        consoles.serverDeleted(e.serverId());
      }
      hub.publish(e.serverId(), Frames.serverStatus(e, "deleted"));
    }
  }

  /**
   * Consoles end with their server (tombstone); subscriptions and consoles end when it has another
   * owner now; the access answers cached for it are forgotten either way, so nobody subscribes to a
   * deleted server again. A deleted server's watchers keep their subscription for its last frames
   * (the delete's outcome, {@code deleted}): its id is never used again, so nothing of anyone else
   * can reach them through it, and the tombstone may arrive before those frames.
   */
  private void onInventory(String serverId, String value) {
    if (serverId == null) {
      return;
    }
    if (value == null) {
      access.revoke(serverId);
      consoles.serverDeleted(serverId);
      return;
    }
    ServerInventoryRecord r = UnprocessableRecordException.read(value, ServerInventoryRecord.class);
    accessChanged(serverId, r.ownerId());
    consoles.ownerIs(serverId, r.ownerId());
  }

  /** Cached answers first, then the subscriptions: see {@link LiveConnection#accessChanged}. */
  private void accessChanged(String serverId, String ownerId) {
    access.revoke(serverId);
    hub.accessChanged(serverId, ownerId);
  }

  @Override
  public void onPartitionsAssigned(
      java.util.Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    if (!assignments.isEmpty()) {
      assigned.set(true);
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

  /** Whether this instance has been assigned its partitions (it only sees records after that). */
  public boolean isAssigned() {
    return assigned.get();
  }
}
