package io.pvepanel.control.operation;

import io.pvepanel.control.server.ServerRepository;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * What finishing an operation means when it is resumed after a restart, by kind: the request's
 * closures are gone, so the effects are derived from the kind alone.
 */
final class ResumableOperations {

  /** The server status each lifecycle kind leaves behind when it succeeds. */
  static final Map<String, String> STATUS_AFTER =
      Map.of(
          "start", "running",
          "stop", "stopped",
          "shutdown", "stopped",
          "reboot", "running",
          "suspend", "paused",
          "resume", "running",
          "snapshot.restore", "stopped");

  private ResumableOperations() {}

  static OperationSpec spec(String kind, ServerRepository servers) {
    if ("delete".equals(kind)) {
      return new OperationSpec(
          kind, null, c -> Mono.empty(), null, (s, o) -> servers.delete(s.id()));
    }
    return OperationSpec.of(kind, null, c -> Mono.empty(), STATUS_AFTER.get(kind));
  }
}
