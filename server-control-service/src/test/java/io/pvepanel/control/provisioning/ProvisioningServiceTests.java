package io.pvepanel.control.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.pvepanel.control.ControlFixtures;
import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.ControlTestUsers;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.catalog.Template;
import io.pvepanel.control.customer.CustomerService;
import io.pvepanel.control.customer.Quotas;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationContext;
import io.pvepanel.control.operation.OperationHandler;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.operation.Step;
import io.pvepanel.control.password.PasswordGenerator;
import io.pvepanel.control.provider.ProviderProperties;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRecords;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.web.InvalidFieldException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** What create asks for and how its steps are made, below the HTTP layer. */
class ProvisioningServiceTests {

  static final Instant NOW = ControlFixtures.NOW;
  static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9cZr2VJb6rjQk9l3X0pYw0m8m2N3u6qk8a5bJ9x0aZ";

  final CatalogRepository catalog = mock(CatalogRepository.class);
  final OperationService operations = mock(OperationService.class);
  final ServerRecords records = mock(ServerRecords.class);
  final ServerRepository servers = mock(ServerRepository.class);
  final CustomerService customers = mock(CustomerService.class);
  final Quotas quotas = mock(Quotas.class);
  final ControlProperties properties = ControlFixtures.properties();
  ProvisioningService service;

  @BeforeEach
  void setUp() {
    service =
        new ProvisioningService(
            catalog,
            operations,
            records,
            servers,
            customers,
            quotas,
            properties,
            new ProviderProperties(true, java.time.Duration.ofHours(72)),
            null,
            null,
            Clock.fixed(NOW, ZoneOffset.UTC));
    when(customers.contact(any())).thenReturn(Mono.just(java.util.Optional.empty()));
    when(quotas.allowOneMore(any(), any())).thenReturn(Mono.empty());
    when(catalog.plan("small"))
        .thenReturn(Mono.just(new Plan("small", "Small", 1, 512, 0, 8, 1, false, true)));
    when(catalog.plan("retired"))
        .thenReturn(Mono.just(new Plan("retired", "Old", 1, 512, 0, 8, 1, false, false)));
    when(catalog.plan("nope")).thenReturn(Mono.empty());
    when(catalog.template("debian-12"))
        .thenReturn(
            Mono.just(
                new Template(
                    "debian-12", "Debian", "debian", "local:vztmpl/debian.tar.zst", true)));
    when(records.insert(any(), anyBoolean())).thenReturn(Mono.empty());
    when(operations.submitNew(any(), any(), any(), any()))
        .thenAnswer(
            inv -> {
              Server s = inv.getArgument(1);
              OperationRequest r = inv.getArgument(2);
              return Mono.just(Operation.queued(s.id(), r.kind(), r.params(), s.ownerId(), NOW));
            });
    when(operations.settle(any(), anyBoolean())).thenAnswer(inv -> Mono.just(inv.getArgument(0)));
  }

  @Test
  void aPlanOrTemplateThatIsNotOfferedIsRefusedNamingTheField() {
    for (String plan : List.of("nope", "retired")) {
      StepVerifier.create(
              service
                  .create(plan, "debian-12", "shop01", null, false)
                  .contextWrite(ControlTestUsers.as("7")))
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(InvalidFieldException.class)
                      .extracting("field")
                      .isEqualTo("planId"))
          .verify();
    }
    verify(operations, never()).submitNew(any(), any(), any(), any());
  }

  @Test
  void theServerIsRecordedCreatingAndUnplacedTogetherWithItsOperation() {
    StepVerifier.create(
            service
                .create("small", "debian-12", "Shop01", KEY, false)
                .contextWrite(ControlTestUsers.as("7")))
        .assertNext(
            op -> {
              assertThat(op.kind()).isEqualTo(OperationKind.CREATE);
              assertThat(op.params())
                  .containsEntry("plan", "small")
                  .containsEntry("template", "debian-12")
                  .containsEntry("hostname", "shop01")
                  .containsEntry("sshKey", KEY);
            })
        .verifyComplete();
    ArgumentCaptor<Server> server = ArgumentCaptor.forClass(Server.class);
    verify(operations).submitNew(any(), server.capture(), any(), any());
    assertThat(server.getValue().status()).isEqualTo(ServerStatus.CREATING);
    assertThat(server.getValue().placed()).isFalse();
    assertThat(server.getValue().ownerId()).isEqualTo("7");
    verify(records).insert(eq(server.getValue()), eq(false));
  }

  @Test
  void aCreatePlacesCreatesAndStartsAndADeleteStopsAndDestroysBothSafeToRepeat() {
    ProvisioningOperations handler =
        new ProvisioningOperations(
            catalog,
            mock(ServerRepository.class),
            records,
            new PasswordGenerator(),
            mock(TransactionalOperator.class),
            properties,
            Clock.fixed(NOW, ZoneOffset.UTC));
    Operation create = Operation.queued("s", OperationKind.CREATE, Map.of(), "7", NOW);
    assertThat(handler.steps(create))
        .extracting(Step::name)
        .containsExactly("place", "create", "start");
    assertThat(handler.steps(create))
        .extracting(Step::repeatable)
        .containsExactly(false, false, true);
    Operation delete = Operation.queued("s", OperationKind.DELETE, Map.of(), "7", NOW);
    assertThat(handler.steps(delete)).extracting(Step::name).containsExactly("stop", "destroy");
    assertThat(handler.steps(delete)).allMatch(Step::repeatable);

    // a create that failed before it was placed has nothing in Proxmox to remove
    Server unplaced =
        new Server(
            "s",
            "7",
            null,
            "local",
            null,
            null,
            "lxc",
            "h",
            "small",
            "debian-12",
            ServerStatus.CREATING,
            null,
            NOW,
            NOW);
    StepVerifier.create(
            handler.onFailure(new OperationContext(create, unplaced, mock(ProxmoxClient.class))))
        .expectNext(OperationHandler.AfterFailure.FORGET)
        .verifyComplete();
  }
}
