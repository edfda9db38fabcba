package io.pvepanel.control.server;

import java.time.Instant;

/**
 * A server as the API shows it. Holds no credential of any kind: root passwords are returned once
 * by change-password and stored nowhere.
 */
public record ServerView(
    String id,
    String name,
    String type,
    String status,
    String ip,
    String node,
    String planId,
    String templateId,
    String ownerId,
    Instant createdAt,
    Instant updatedAt) {

  static ServerView of(Server s) {
    return new ServerView(
        s.id(),
        s.hostname(),
        s.guestType(),
        s.status().wire(),
        s.ip(),
        s.node(),
        s.planId(),
        s.templateId(),
        s.ownerId(),
        s.createdAt(),
        s.updatedAt());
  }
}
