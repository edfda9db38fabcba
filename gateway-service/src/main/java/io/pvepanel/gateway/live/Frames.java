package io.pvepanel.gateway.live;

import io.pvepanel.events.AlertEvent;
import io.pvepanel.events.EventJson;
import io.pvepanel.events.MetricSample;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.rsocket.OperationAccessAnswer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON frames the live channel sends; each is serialised once and shared by all sockets. */
public final class Frames {

  private Frames() {}

  static String write(Map<String, Object> frame) {
    return EventJson.mapper().writeValueAsString(frame);
  }

  static Map<String, Object> frame(String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    return m;
  }

  static String simple(String type) {
    return write(frame(type));
  }

  static String error(String code, String message) {
    Map<String, Object> m = frame("error");
    m.put("code", code);
    m.put("message", message);
    return write(m);
  }

  static String error(String code, String message, String serverId) {
    Map<String, Object> m = frame("error");
    m.put("code", code);
    m.put("message", message);
    m.put("serverId", serverId);
    return write(m);
  }

  static String operationError(String code, String message, String operationId) {
    Map<String, Object> m = frame("error");
    m.put("code", code);
    m.put("message", message);
    m.put("operationId", operationId);
    return write(m);
  }

  static String authOk(String userId, Instant expiresAt) {
    Map<String, Object> m = frame("auth:ok");
    m.put("userId", userId);
    m.put("expiresAt", expiresAt.toString());
    return write(m);
  }

  static String tokenExpiring(Instant expiresAt) {
    Map<String, Object> m = frame("token:expiring");
    m.put("expiresAt", expiresAt.toString());
    return write(m);
  }

  static String withServer(String type, String serverId) {
    Map<String, Object> m = frame(type);
    m.put("serverId", serverId);
    return write(m);
  }

  /** {@code unsubscribed} not asked for: the gateway ended the subscription, {@code reason} why. */
  static String unsubscribed(String serverId, String reason) {
    Map<String, Object> m = frame("unsubscribed");
    m.put("serverId", serverId);
    m.put("reason", reason);
    return write(m);
  }

  /** {@code server:update} with the sample's status and usage (usage null unless data is ok). */
  public static String serverUpdate(MetricSample s) {
    Map<String, Object> m = frame("server:update");
    m.put("serverId", s.serverId());
    m.put("status", s.status());
    m.put("dataState", s.dataState());
    m.put("at", s.occurredAt() == null ? null : s.occurredAt().toString());
    if (s.hasData()) {
      Map<String, Object> usage = new LinkedHashMap<>();
      usage.put("cpuPercent", s.cpuPercent());
      usage.put("memoryUsedBytes", s.memoryUsedBytes());
      usage.put("memoryTotalBytes", s.memoryTotalBytes());
      usage.put("memoryPercent", s.memoryPercent());
      usage.put("diskUsedBytes", s.diskUsedBytes());
      usage.put("diskTotalBytes", s.diskTotalBytes());
      usage.put("diskPercent", s.diskPercent());
      usage.put("netInBytesPerSecond", s.netInBytesPerSecond());
      usage.put("netOutBytesPerSecond", s.netOutBytesPerSecond());
      usage.put("uptimeSeconds", s.uptimeSeconds());
      m.put("usage", usage);
    } else {
      m.put("usage", null);
    }
    return write(m);
  }

  /** {@code server:update} for a status change (no usage: that comes with the next sample). */
  public static String serverStatus(ServerEvent e, String status) {
    Map<String, Object> m = frame("server:update");
    m.put("serverId", e.serverId());
    m.put("status", status);
    m.put("at", e.occurredAt() == null ? null : e.occurredAt().toString());
    return write(m);
  }

  /** {@code operation:update}, the operation as the REST API shows it. */
  public static String operationUpdate(ServerEvent e) {
    ServerEvent.Operation op = e.operation();
    Map<String, Object> m = frame("operation:update");
    m.put("serverId", e.serverId());
    m.put("id", op.id());
    m.put("kind", op.kind());
    m.put("state", op.state());
    m.put("error", op.error());
    m.put("startedAt", op.startedAt() == null ? null : op.startedAt().toString());
    m.put("finishedAt", op.finishedAt() == null ? null : op.finishedAt().toString());
    return write(m);
  }

  /** {@code operation:update} from the control service's {@code operation.access} answer. */
  static String operationUpdate(OperationAccessAnswer op) {
    Map<String, Object> m = frame("operation:update");
    m.put("serverId", op.serverId());
    m.put("id", op.id());
    m.put("kind", op.kind());
    m.put("state", op.state());
    m.put("error", op.error());
    m.put("startedAt", op.startedAt() == null ? null : op.startedAt().toString());
    m.put("finishedAt", op.finishedAt() == null ? null : op.finishedAt().toString());
    return write(m);
  }

  /** {@code alert}: firing, repeat or resolved (no owner e-mail: the browser does not need it). */
  public static String alert(AlertEvent a) {
    Map<String, Object> m = frame("alert");
    m.put("serverId", a.serverId());
    m.put("alertId", a.alertId());
    m.put("event", a.type() == null ? null : a.type().replace("alert.", ""));
    m.put("ruleId", a.ruleId());
    m.put("ruleName", a.ruleName());
    m.put("serverName", a.serverName());
    m.put("metric", a.metric());
    m.put("operator", a.operator());
    m.put("threshold", a.threshold());
    m.put("value", a.value());
    m.put("startsAt", a.startsAt() == null ? null : a.startsAt().toString());
    m.put("endsAt", a.endsAt() == null ? null : a.endsAt().toString());
    m.put("at", a.occurredAt() == null ? null : a.occurredAt().toString());
    return write(m);
  }
}
