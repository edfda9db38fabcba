package io.pvepanel.notification.delivery;

import java.time.Instant;
import java.util.UUID;

/** One mail to one recipient about one event, as stored in table {@code delivery}. */
record Delivery(
    long id,
    UUID eventId,
    String kind,
    String recipient,
    String ownerId,
    String serverId,
    String subject,
    String textBody,
    String htmlBody,
    String status,
    int attempts,
    String lastError,
    Integer lastReplyCode,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant deadlineAt,
    Instant sentAt,
    String deferredReason) {

  static final String PENDING = "pending";
  static final String DEFERRED = "deferred";
  static final String SENT = "sent";
  static final String FAILED = "failed";
  static final String EXPIRED = "expired";
}
