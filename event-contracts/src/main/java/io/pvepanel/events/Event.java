package io.pvepanel.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every event carries, flattened into its JSON object: {@code {"eventId", "type",
 * "version", "occurredAt", "serverId", ...payload}}. Consumers are idempotent on {@code eventId}:
 * delivery is at least once everywhere.
 */
public interface Event {

  UUID eventId();

  /** Dotted name of what happened, e.g. {@code operation.succeeded}. */
  String type();

  /** Schema version of this event type; consumers ignore fields they do not know. */
  int version();

  Instant occurredAt();

  /** The server the event is about; also the Kafka record key. */
  String serverId();
}
