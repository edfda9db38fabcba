package io.pvepanel.control.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.pvepanel.control.ControlFixtures;
import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.ControlTestUsers;
import io.pvepanel.control.audit.AuditLog;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationContext;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.operation.OperationState;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.web.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The password change below the HTTP layer: the limit, the hand-over, failure is failure. */
class PasswordServiceTests {

  static final Instant NOW = ControlFixtures.NOW;
  static final Server SERVER = ControlFixtures.container(103, "hot01");

  final OperationService operations = mock(OperationService.class);
  final AuditLog audit = mock(AuditLog.class);
  final ProxmoxClient client = mock(ProxmoxClient.class);
  final ControlProperties properties = ControlFixtures.properties();
  PasswordOperations handler;
  PasswordService service;

  @BeforeEach
  void setUp() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Outbox outbox = mock(Outbox.class);
    handler = new PasswordOperations(new PasswordGenerator(), properties, outbox, clock);
    ServerAccess access = mock(ServerAccess.class);
    when(access.actionable(any(), eq(SERVER.id()))).thenReturn(Mono.just(SERVER));
    service = new PasswordService(access, operations, handler, audit, properties, clock);
    when(client.setLxcRootPassword(any(), anyString())).thenReturn(Mono.empty());
  }

  @Test
  void theNewPasswordGoesOnlyToWhoeverWaitsForIt() {
    when(audit.countSince(any(), any(), any(), any())).thenReturn(Mono.just(0L));
    // the operation runs its one step, as the runner would, and succeeds
    when(operations.submit(any(), eq(SERVER), any()))
        .thenAnswer(
            inv -> {
              OperationRequest r = inv.getArgument(2);
              Operation op = Operation.queued(SERVER.id(), r.kind(), r.params(), "7", NOW);
              return handler
                  .steps(op)
                  .get(0)
                  .call()
                  .apply(new OperationContext(op, SERVER, client))
                  .then(Mono.just(succeeded(op)));
            });
    StepVerifier.create(service.change(SERVER.id()).contextWrite(ControlTestUsers.as("7")))
        .assertNext(
            pw -> {
              assertThat(pw.username()).isEqualTo("root");
              assertThat(pw.password()).hasSize(20);
              verify(client).setLxcRootPassword(SERVER.ref(), pw.password());
            })
        .verifyComplete();
  }

  @Test
  void aFailedChangeIsNeverReportedAsDone() {
    when(audit.countSince(any(), any(), any(), any())).thenReturn(Mono.just(0L));
    when(operations.submit(any(), eq(SERVER), any()))
        .thenAnswer(
            inv -> {
              OperationRequest r = inv.getArgument(2);
              Operation op = Operation.queued(SERVER.id(), r.kind(), r.params(), "7", NOW);
              return Mono.just(
                  new Operation(
                      op.id(),
                      op.serverId(),
                      op.kind(),
                      OperationState.FAILED,
                      0,
                      null,
                      "agent not running",
                      "7",
                      op.params(),
                      NOW,
                      NOW,
                      NOW));
            });
    StepVerifier.create(service.change(SERVER.id()).contextWrite(ControlTestUsers.as("7")))
        .expectError(IllegalStateException.class)
        .verify();
  }

  @Test
  void changesOverTheHourlyLimitAreRefusedBeforeAnOperation() {
    when(audit.countSince(
            eq(SERVER.id()),
            eq(OperationKind.PASSWORD_CHANGE.auditName()),
            eq("succeeded"),
            eq(NOW.minus(Duration.ofHours(1)))))
        .thenReturn(Mono.just(3L));
    StepVerifier.create(service.change(SERVER.id()).contextWrite(ControlTestUsers.as("7")))
        .expectError(TooManyRequestsException.class)
        .verify();
    verify(operations, never()).submit(any(), any(), any());
  }

  private static Operation succeeded(Operation op) {
    return new Operation(
        op.id(),
        op.serverId(),
        op.kind(),
        OperationState.SUCCEEDED,
        0,
        null,
        null,
        "7",
        op.params(),
        NOW,
        NOW,
        NOW);
  }
}
