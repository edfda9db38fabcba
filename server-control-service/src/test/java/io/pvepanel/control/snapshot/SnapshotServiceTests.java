package io.pvepanel.control.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.pvepanel.control.ControlFixtures;
import io.pvepanel.control.ControlTestUsers;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.proxmox.client.GuestStatus;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.Snapshot;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The snapshot rules, below the HTTP layer: names, quota, reconciliation, restore's start. */
class SnapshotServiceTests {

  static final Instant NOW = ControlFixtures.NOW;
  static final Server SERVER = ControlFixtures.container(101, "web01");

  final OperationService operations = mock(OperationService.class);
  final SnapshotRepository records = mock(SnapshotRepository.class);
  final CatalogRepository catalog = mock(CatalogRepository.class);
  final ProxmoxClient client = mock(ProxmoxClient.class);
  SnapshotService service;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void setUp() {
    ProxmoxClusters clusters = mock(ProxmoxClusters.class);
    when(clusters.client("local")).thenReturn(client);
    ObjectProvider<ProxmoxClusters> provider = mock(ObjectProvider.class);
    when(provider.getObject()).thenReturn(clusters);
    ServerAccess access = mock(ServerAccess.class);
    when(access.visible(any(), eq(SERVER.id()))).thenReturn(Mono.just(SERVER));
    service =
        new SnapshotService(
            access, operations, records, catalog, provider, Clock.fixed(NOW, ZoneOffset.UTC));
    when(records.forServer(SERVER.id())).thenReturn(Flux.empty());
    when(records.upsert(any())).thenReturn(Mono.empty());
    when(records.delete(any(), any())).thenReturn(Mono.empty());
    when(catalog.plan("small"))
        .thenReturn(Mono.just(new Plan("small", "Small", 1, 512, 0, 8, 1, false, true)));
    // the request the route would submit, as an operation that was accepted
    when(operations.submitOnServer(eq(SERVER.id()), anyBoolean(), any()))
        .thenAnswer(
            inv ->
                ((Function<Server, Mono<OperationRequest>>) inv.getArgument(2))
                    .apply(SERVER)
                    .map(SnapshotServiceTests::accepted));
  }

  @Test
  void reservedNamesAreRefusedBeforeAnythingElse() {
    StepVerifier.create(service.create(SERVER.id(), "Vzdump", null, false))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(InvalidFieldException.class)
                    .hasMessageContaining("reserved"))
        .verify();
    verify(operations, never()).submitOnServer(any(), anyBoolean(), any());
  }

  @Test
  void thePlansQuotaCountsWhatProxmoxHolds() {
    proxmoxHas(snapshot("made-outside"));
    StepVerifier.create(service.create(SERVER.id(), "another", "", false))
        .expectError(ConflictException.class)
        .verify();
  }

  @Test
  void aSnapshotIsTakenWithItsNameAndDescription() {
    proxmoxHas();
    StepVerifier.create(service.create(SERVER.id(), "before-upgrade", "safe point", false))
        .assertNext(
            op -> {
              assertThat(op.kind()).isEqualTo(OperationKind.SNAPSHOT_CREATE);
              assertThat(op.params())
                  .containsEntry("name", "before-upgrade")
                  .containsEntry("description", "safe point");
            })
        .verifyComplete();
  }

  @Test
  void aRunningServerIsStartedAgainAfterARestoreAndAStoppedOneIsNot() {
    proxmoxHas(snapshot("before-upgrade"));
    when(records.forServer(SERVER.id()))
        .thenReturn(
            Flux.just(new SnapshotRecord("snap-1", SERVER.id(), "before-upgrade", "", null, NOW)));
    String id = "snap-1";
    for (String status : List.of("running", "stopped")) {
      when(client.status(SERVER.ref())).thenReturn(Mono.just(status(status)));
      StepVerifier.create(service.restore(SERVER.id(), id, false))
          .assertNext(
              op ->
                  assertThat(op.params())
                      .containsEntry(
                          OperationKind.START_AFTER, Boolean.toString("running".equals(status))))
          .verifyComplete();
    }
  }

  @Test
  void anUnknownSnapshotIsNotFound() {
    proxmoxHas(snapshot("before-upgrade"));
    when(client.status(SERVER.ref())).thenReturn(Mono.just(status("running")));
    StepVerifier.create(service.restore(SERVER.id(), "no-such-id", false))
        .expectError(NotFoundException.class)
        .verify();
  }

  @Test
  void theListIsProxmoxsMergedIntoTheRecords() {
    when(records.forServer(SERVER.id()))
        .thenReturn(
            Flux.just(
                new SnapshotRecord("a", SERVER.id(), "kept", "", null, NOW),
                new SnapshotRecord("b", SERVER.id(), "gone", "", null, NOW)));
    proxmoxHas(snapshot("kept"), snapshot("new"));
    StepVerifier.create(
            service
                .list(SERVER.id())
                .map(SnapshotView::name)
                .collectList()
                .contextWrite(ControlTestUsers.as("7")))
        .assertNext(names -> assertThat(names).containsExactlyInAnyOrder("kept", "new"))
        .verifyComplete();
    verify(records).delete(SERVER.id(), "gone");
  }

  private void proxmoxHas(Snapshot... snapshots) {
    when(client.snapshots(SERVER.ref())).thenReturn(Mono.just(List.of(snapshots)));
  }

  private static Snapshot snapshot(String name) {
    return new Snapshot(name, "", 1_700_000_000L, null, null, null, null, null);
  }

  private static GuestStatus status(String status) {
    return io.pvepanel.events.EventJson.mapper()
        .readValue(
            "{\"vmid\":101,\"type\":\"lxc\",\"status\":\"" + status + "\"}", GuestStatus.class);
  }

  private static Operation accepted(OperationRequest r) {
    return Operation.queued(SERVER.id(), r.kind(), r.params(), "7", NOW);
  }
}
