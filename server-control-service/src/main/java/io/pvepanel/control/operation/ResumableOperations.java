package io.pvepanel.control.operation;

import io.pvepanel.control.server.Server;
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
          "snapshot.restore", "stopped",
          "create", "running");

  private ResumableOperations() {}

  static OperationSpec spec(Server server, Operation op, ServerRepository servers) {
    String kind = op.kind();
    if ("delete".equals(kind)) {
      return new OperationSpec(
          kind, null, c -> Mono.empty(), null, (s, o) -> servers.delete(s.id()));
    }
    OperationSpec spec = OperationSpec.of(kind, null, c -> Mono.empty(), STATUS_AFTER.get(kind));
    if ("create".equals(kind) && op.upid() != null && op.upid().contains(":vzcreate:")) {
      // Interrupted between creating and starting: start it, as the request asked.
      spec = spec.andThen(c -> c.start(server.ref()));
    }
    return spec;
  }
}
