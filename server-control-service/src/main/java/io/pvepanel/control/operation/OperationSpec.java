package io.pvepanel.control.operation;

import io.pvepanel.control.server.Server;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.Upid;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * What one kind of operation does.
 *
 * @param kind the operation's name in the API and the audit log
 * @param auditDetail what the audit log records besides the kind; never a secret
 * @param call the Proxmox request that starts the task; empty when Proxmox already is as the
 *     operation wants it, and the operation then succeeds at once without a task (and without
 *     {@code next}). Runs without the request's Reactor context (it goes on if the caller leaves):
 *     what it needs of the caller is captured when the spec is made
 * @param statusAfter the server's status once the task succeeded; null to leave it
 * @param onSuccess extra state to change, in the transaction that ends the operation
 * @param next a second Proxmox task started once the first succeeded, or null (create starts the
 *     new container this way, so "succeeded" means it runs)
 */
public record OperationSpec(
    String kind,
    String auditDetail,
    Function<ProxmoxClient, Mono<Upid>> call,
    String statusAfter,
    BiFunction<Server, Operation, Mono<Void>> onSuccess,
    Function<ProxmoxClient, Mono<Upid>> next) {

  public OperationSpec(
      String kind,
      String auditDetail,
      Function<ProxmoxClient, Mono<Upid>> call,
      String statusAfter,
      BiFunction<Server, Operation, Mono<Void>> onSuccess) {
    this(kind, auditDetail, call, statusAfter, onSuccess, null);
  }

  public static OperationSpec of(
      String kind, String auditDetail, Function<ProxmoxClient, Mono<Upid>> call, String after) {
    return new OperationSpec(kind, auditDetail, call, after, (s, o) -> Mono.empty());
  }

  public OperationSpec andOnSuccess(BiFunction<Server, Operation, Mono<Void>> more) {
    return new OperationSpec(
        kind,
        auditDetail,
        call,
        statusAfter,
        (s, o) -> onSuccess.apply(s, o).then(more.apply(s, o)),
        next);
  }

  public OperationSpec andThen(Function<ProxmoxClient, Mono<Upid>> second) {
    return new OperationSpec(kind, auditDetail, call, statusAfter, onSuccess, second);
  }
}
