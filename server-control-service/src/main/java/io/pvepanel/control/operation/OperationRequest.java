package io.pvepanel.control.operation;

import java.util.Map;

/**
 * An operation a route asks for.
 *
 * @param params what the handler needs to run (and resume) it; never a secret
 * @param auditDetail what the audit log records besides the kind; never a secret
 */
public record OperationRequest(OperationKind kind, Map<String, String> params, String auditDetail) {

  public OperationRequest {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  public static OperationRequest of(OperationKind kind) {
    return new OperationRequest(kind, Map.of(), null);
  }
}
