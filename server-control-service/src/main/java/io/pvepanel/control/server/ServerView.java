package io.pvepanel.control.server;

import java.time.Instant;

/**
 * A server as the API shows it. Holds no credential of any kind: root passwords are returned once
 * by change-password and stored nowhere.
 *
 * @param suspended whether the provider suspended the server (billing): the customer still sees it,
 *     every action is refused with the {@code suspended} problem
 * @param suspendedReason the provider's words for the customer, or null
 * @param terminateAt when a server the provider terminated is deleted (until then the provider can
 *     restore it); null otherwise
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
    Instant updatedAt,
    boolean suspended,
    String suspendedReason,
    Instant terminateAt) {

  public static ServerView of(Server s) {
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
        s.updatedAt(),
        s.suspended(),
        s.suspended() ? s.suspension().reason() : null,
        s.suspended() ? s.suspension().terminateAt() : null);
  }
}
