package io.pvepanel.control.provisioning;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.catalog.Template;
import io.pvepanel.control.customer.CustomerService;
import io.pvepanel.control.customer.Quotas;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.provider.ProviderActor;
import io.pvepanel.control.provider.ProviderProperties;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRecords;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.NotFoundException;
import io.pvepanel.web.SelfServiceDisabledException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Creating, deleting, suspending and unsuspending servers. Each is an operation like every other:
 * the record (status {@code creating} or {@code deleting}, or the suspension) and the queued
 * operation are written together before Proxmox is asked for anything; what happens in Proxmox is
 * {@link ProvisioningOperations}' and {@link SuspensionOperations}'.
 *
 * <p>A customer's own create is within their entitlements (checked with their row locked, in the
 * create's transaction) and only while self-service is on; the provider's create for a customer is
 * neither. A server's contact address is the one the provider registered for its owner, else the
 * creating token's.
 */
@Service
class ProvisioningService {

  /** What a create needs besides its owner. */
  record NewServer(
      String planId, String templateId, String hostname, List<String> sshKeys, String node) {}

  private final CatalogRepository catalog;
  private final OperationService operations;
  private final ServerRecords records;
  private final ServerRepository servers;
  private final CustomerService customers;
  private final Quotas quotas;
  private final ControlProperties properties;
  private final ProviderProperties provider;
  private final Clock clock;

  ProvisioningService(
      CatalogRepository catalog,
      OperationService operations,
      ServerRecords records,
      ServerRepository servers,
      CustomerService customers,
      Quotas quotas,
      ControlProperties properties,
      ProviderProperties provider,
      Clock clock) {
    this.catalog = catalog;
    this.operations = operations;
    this.records = records;
    this.servers = servers;
    this.customers = customers;
    this.quotas = quotas;
    this.properties = properties;
    this.provider = provider;
    this.clock = clock;
  }

  /** A new container of an offered plan and template, owned by the caller. */
  Mono<Operation> create(
      String planId, String templateId, String hostname, String sshKey, boolean wait) {
    if (!provider.selfServiceCreate()) {
      return Mono.error(new SelfServiceDisabledException());
    }
    NewServer wanted =
        new NewServer(
            planId, templateId, hostname, sshKey == null ? List.of() : List.of(sshKey), null);
    return CurrentUser.current()
        .flatMap(user -> create(user, user.id(), user.email(), wanted, true))
        .flatMap(op -> operations.settle(op, wait));
  }

  /** The provider's create for a customer: no entitlement applies, the provider decides. */
  Mono<Operation> createFor(
      ProviderActor actor, String customerId, NewServer wanted, boolean wait) {
    return create(actor.asUser(), customerId, null, wanted, false)
        .flatMap(op -> operations.settle(op, wait));
  }

  private Mono<Operation> create(
      CurrentUser actor, String ownerId, String tokenEmail, NewServer wanted, boolean withinQuota) {
    Mono<Plan> plan =
        catalog
            .plan(wanted.planId())
            .filter(Plan::active)
            .switchIfEmpty(
                Mono.error(new InvalidFieldException("planId", "is not an offered plan")));
    Mono<Template> template =
        catalog
            .template(wanted.templateId())
            .filter(Template::active)
            .switchIfEmpty(
                Mono.error(new InvalidFieldException("templateId", "is not an offered template")));
    Mono<String> email =
        customers.contactEmail(ownerId).switchIfEmpty(Mono.justOrEmpty(tokenEmail));
    return Mono.zip(plan, template)
        .zipWith(email.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
        .flatMap(
            t -> {
              Plan p = t.getT1().getT1();
              Template tpl = t.getT1().getT2();
              Server server = newServer(ownerId, t.getT2().orElse(null), wanted.hostname(), p, tpl);
              Map<String, String> params = new HashMap<>();
              params.put(ProvisioningOperations.PLAN, p.id());
              params.put(ProvisioningOperations.TEMPLATE, tpl.id());
              params.put(ProvisioningOperations.HOSTNAME, server.hostname());
              if (!wanted.sshKeys().isEmpty()) {
                params.put(ProvisioningOperations.SSH_KEY, String.join("\n", wanted.sshKeys()));
              }
              if (wanted.node() != null) {
                params.put(ProvisioningOperations.NODE, wanted.node());
              }
              OperationRequest request =
                  new OperationRequest(
                      OperationKind.CREATE,
                      params,
                      "plan=" + p.id() + " template=" + tpl.id() + " owner=" + ownerId);
              Mono<Void> record =
                  (withinQuota ? quotas.allowOneMore(ownerId, p) : Mono.<Void>empty())
                      .then(records.insert(server, p.diskFromAgent()));
              return operations.submitNew(actor, server, request, record);
            });
  }

  /** Deletes the caller's server: its guest is stopped and destroyed, then the record goes. */
  Mono<Operation> delete(String serverId, boolean wait) {
    return operations.submitOnServer(
        serverId, wait, server -> Mono.just(OperationRequest.of(OperationKind.DELETE)));
  }

  /**
   * Suspends a server for billing: from the answer on, every customer action is refused and
   * alerting holds its alerts; the operation stops the guest.
   */
  Mono<Operation> suspend(ProviderActor actor, String serverId, String reason, boolean wait) {
    return server(serverId)
        .flatMap(
            server -> {
              if (server.suspended()) {
                return Mono.error(new ConflictException("The server is suspended already"));
              }
              Instant now = clock.instant();
              Mono<Void> record =
                  diskFromAgent(server)
                      .flatMap(
                          agent ->
                              records.suspension(
                                  server, new Server.Suspension(now, reason), agent, now))
                      .then();
              return operations.submitNew(
                  actor.asUser(),
                  server,
                  new OperationRequest(
                      OperationKind.PROVIDER_SUSPEND,
                      Map.of(),
                      reason == null ? null : "reason=" + reason),
                  record);
            })
        .flatMap(op -> operations.settle(op, wait));
  }

  /** Lifts a suspension; the guest is started again when {@code start}. */
  Mono<Operation> unsuspend(ProviderActor actor, String serverId, boolean start, boolean wait) {
    return server(serverId)
        .flatMap(
            server -> {
              if (!server.suspended()) {
                return Mono.error(new ConflictException("The server is not suspended"));
              }
              Instant now = clock.instant();
              Mono<Void> record =
                  diskFromAgent(server)
                      .flatMap(agent -> records.suspension(server, null, agent, now))
                      .then();
              return operations.submitNew(
                  actor.asUser(),
                  server,
                  new OperationRequest(
                      OperationKind.PROVIDER_UNSUSPEND,
                      Map.of(OperationKind.START_AFTER, Boolean.toString(start)),
                      "start=" + start),
                  record);
            })
        .flatMap(op -> operations.settle(op, wait));
  }

  private Mono<Server> server(String serverId) {
    if (serverId == null || !serverId.matches("[0-9a-fA-F-]{36}")) {
      return Mono.error(new NotFoundException("Server"));
    }
    return servers.findById(serverId).switchIfEmpty(Mono.error(new NotFoundException("Server")));
  }

  private Mono<Boolean> diskFromAgent(Server server) {
    return server.planId() == null
        ? Mono.just(false)
        : catalog.plan(server.planId()).map(Plan::diskFromAgent).defaultIfEmpty(false);
  }

  private Server newServer(
      String ownerId, String email, String hostname, Plan plan, Template template) {
    Instant now = clock.instant();
    return new Server(
        UUID.randomUUID().toString(),
        ownerId,
        email,
        properties.defaultCluster(),
        null,
        null,
        "lxc",
        hostname.toLowerCase(Locale.ROOT),
        plan.id(),
        template.id(),
        ServerStatus.CREATING,
        null,
        now,
        now);
  }
}
