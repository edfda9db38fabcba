package io.pvepanel.notification.delivery;

import io.pvepanel.security.CurrentUser;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The delivery log: the caller's own notifications, newest first. Support staff see everyone's, or
 * one owner's with {@code ownerId}.
 */
@RestController
@RequestMapping("/api/notifications")
class DeliveryLogController {

  private final DeliveryStore store;

  DeliveryLogController(DeliveryStore store) {
    this.store = store;
  }

  @GetMapping
  Mono<LogPage> list(
      @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
      @RequestParam(required = false) String ownerId) {
    return CurrentUser.current()
        .flatMap(
            user -> {
              String owner = user.admin() ? blankToNull(ownerId) : user.id();
              return store
                  .page(owner, page, size)
                  .map(LogEntry::of)
                  .collectList()
                  .zipWith(store.count(owner))
                  .map(t -> new LogPage(t.getT1(), page, size, t.getT2()));
            });
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  record LogPage(List<LogEntry> items, int page, int size, long total) {}

  /**
   * One delivery: what ({@code kind}, {@code subject}), to whom, when, its status ({@code
   * pending|deferred|sent|failed|expired}), attempts and the last error. {@code nextAttemptAt} is
   * when a pending or deferred delivery is tried next; {@code deferredReason} why a deferred one
   * waits (the recipient's mail budget).
   */
  record LogEntry(
      long id,
      UUID eventId,
      String kind,
      String serverId,
      String ownerId,
      String recipient,
      String subject,
      String status,
      int attempts,
      String lastError,
      Integer lastReplyCode,
      Instant createdAt,
      Instant nextAttemptAt,
      Instant sentAt,
      String deferredReason) {

    static LogEntry of(Delivery d) {
      return new LogEntry(
          d.id(),
          d.eventId(),
          d.kind(),
          d.serverId(),
          d.ownerId(),
          d.recipient(),
          d.subject(),
          d.status(),
          d.attempts(),
          d.lastError(),
          d.lastReplyCode(),
          d.createdAt(),
          Delivery.PENDING.equals(d.status()) || Delivery.DEFERRED.equals(d.status())
              ? d.nextAttemptAt()
              : null,
          d.sentAt(),
          Delivery.DEFERRED.equals(d.status()) ? d.deferredReason() : null);
    }
  }
}
