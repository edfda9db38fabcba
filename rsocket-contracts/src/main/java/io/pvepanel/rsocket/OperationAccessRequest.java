package io.pvepanel.rsocket;

/** {@link Routes#OPERATION_ACCESS}: may the holder of {@code token} follow {@code operationId}? */
public record OperationAccessRequest(String token, String operationId) {

  @Override
  public String toString() {
    return "OperationAccessRequest[operationId=" + operationId + "]";
  }
}
