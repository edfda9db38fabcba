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
import io.pvepanel.control.server.ServerAccess;
import io.pvepanel.control.server.ServerRecords;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.proxmox.client.GuestRef;
import io.pvepanel.proxmox.client.GuestStatus;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.SelfServiceDisabledException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Creating, deleting, suspending and unsuspending servers. Each is an operation like every other:
 * the record (status {@code creating} or {@code deleting}, or the suspension) and the queued
 * operation are written together before Proxmox is asked for anything; what happens in Proxmox is
 * {@link ProvisioningOperations}' and {@link ProviderOperations}'.
 *
 * <p>A customer's own create is within their entitlements (checked with their row locked, in the
 * create's transaction) and only while self-service is on; the provider's create for a customer is
 * neither. A server's contact address is the one the provider registered for its owner, else the
 * creating token's.
 */
@Service
class ProvisioningService {

  private static final Logger log = LoggerFactory.getLogger(ProvisioningService.class);

  /** The suspension reason of a terminated server. */
  static final String TERMINATED = "terminated";

  /** The actor of the deletes housekeeping starts when a grace ends. */
  static final String TERMINATION_ACTOR = "provider:termination";

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
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final ServerAccess access;
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
      ObjectProvider<ProxmoxClusters> clusters,
      ServerAccess access,
      Clock clock) {
    this.catalog = catalog;
    this.operations = operations;
    this.records = records;
    this.servers = servers;
    this.customers = customers;
    this.quotas = quotas;
    this.properties = properties;
    this.provider = provider;
    this.clusters = clusters;
    this.access = access;
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
    Mono<Optional<String>> email =
        customers.contact(ownerId).map(c -> c.or(() -> Optional.ofNullable(tokenEmail)));
    return Mono.zip(plan, template)
        .zipWith(email)
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
    return access
        .find(serverId)
        .flatMap(
            server -> {
              if (server.suspended()) {
                return Mono.error(new ConflictException("The server is suspended already"));
              }
              Instant now = clock.instant();
              Mono<Void> record =
                  records.suspension(server, new Server.Suspension(now, reason), now).then();
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
    return access
        .find(serverId)
        .flatMap(
            server -> {
              if (!server.suspended()) {
                return Mono.error(new ConflictException("The server is not suspended"));
              }
              Instant now = clock.instant();
              Mono<Void> record = records.suspension(server, null, now).then();
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

  /**
   * Terminates a server: with a grace period it is suspended (its guest stopped) until {@code
   * grace} has passed, then deleted by housekeeping ({@link #deleteDue}); an unsuspend within the
   * grace restores it. Without a grace it is deleted at once.
   */
  Mono<Operation> terminate(ProviderActor actor, String serverId, Duration grace, boolean wait) {
    return access
        .find(serverId)
        .flatMap(
            server -> {
              Instant now = clock.instant();
              Server.Suspension terminated =
                  new Server.Suspension(
                      server.suspended() ? server.suspension().since() : now,
                      TERMINATED,
                      now.plus(grace));
              Mono<Void> record = records.suspension(server, terminated, now).then();
              OperationRequest request =
                  grace.isZero()
                      ? new OperationRequest(OperationKind.DELETE, Map.of(), "terminated")
                      : new OperationRequest(
                          OperationKind.PROVIDER_SUSPEND,
                          Map.of(),
                          "terminated, deleted at " + terminated.terminateAt());
              return operations.submitNew(actor.asUser(), server, request, record);
            })
        .flatMap(op -> operations.settle(op, wait));
  }

  /**
   * Deletes terminated servers whose grace has ended (housekeeping, every instance: the server's
   * operation lock lets one of them do each). Completes with how many deletes it started.
   */
  Mono<Long> deleteDue() {
    CurrentUser housekeeping = new CurrentUser(TERMINATION_ACTOR, null, true);
    return servers
        .terminationsDue(clock.instant(), 100)
        .concatMap(
            server ->
                operations
                    .submit(
                        housekeeping,
                        server,
                        new OperationRequest(OperationKind.DELETE, Map.of(), "grace ended"))
                    .map(op -> 1L)
                    // another operation (or instance) holds the server: the next round tries again
                    .onErrorResume(ConflictException.class, e -> Mono.just(0L))
                    .onErrorResume(
                        e -> {
                          log.warn(
                              "Could not delete terminated server {}: {}",
                              server.id(),
                              e.toString());
                          return Mono.just(0L);
                        }))
        .reduce(0L, Long::sum);
  }

  /** Hands a server to another customer, with that customer's contact address. */
  Mono<Operation> transfer(ProviderActor actor, String serverId, String customerId, boolean wait) {
    return access
        .find(serverId)
        .flatMap(
            server -> {
              if (server.ownerId().equals(customerId)) {
                return Mono.error(
                    new ConflictException("The server belongs to that customer already"));
              }
              Instant now = clock.instant();
              Mono<Void> record =
                  customers
                      .contact(customerId)
                      .flatMap(
                          email -> records.transfer(server, customerId, email.orElse(null), now))
                      .then();
              return operations.submitNew(
                  actor.asUser(),
                  server,
                  new OperationRequest(
                      OperationKind.PROVIDER_TRANSFER,
                      Map.of(),
                      "from=" + server.ownerId() + " to=" + customerId),
                  record);
            })
        .flatMap(op -> operations.settle(op, wait));
  }

  /**
   * Records an existing guest as a customer's server without touching it (a provider moving from
   * another panel). Refused when the guest does not exist or another record holds it.
   */
  Mono<Operation> adopt(ProviderActor actor, AdoptRequest request, boolean wait) {
    String cluster = request.cluster() == null ? properties.defaultCluster() : request.cluster();
    ProxmoxClient client;
    try {
      client = clusters.getObject().client(cluster);
    } catch (RuntimeException e) {
      return Mono.error(new InvalidFieldException("cluster", "is not a configured cluster"));
    }
    GuestType type = GuestType.of(request.type());
    GuestRef ref = new GuestRef(request.node(), type, request.vmid());
    Mono<GuestStatus> guest =
        client
            .status(ref)
            .onErrorMap(
                ProxmoxApiException.NotFound.class,
                e -> new InvalidFieldException("vmid", "no such guest on that node"));
    Mono<Plan> plan =
        request.planId() == null
            ? Mono.empty()
            : catalog
                .plan(request.planId())
                .switchIfEmpty(Mono.error(new InvalidFieldException("planId", "is not a plan")));
    return guest
        .zipWith(plan.map(Optional::of).defaultIfEmpty(Optional.empty()))
        .zipWith(customers.contact(request.customerId()))
        .flatMap(
            t -> {
              GuestStatus status = t.getT1().getT1();
              Plan p = t.getT1().getT2().orElse(null);
              Instant now = clock.instant();
              String name =
                  request.hostname() != null
                      ? request.hostname()
                      : status.name() != null
                          ? status.name()
                          : type.name().toLowerCase(Locale.ROOT) + "-" + request.vmid();
              Server server =
                  new Server(
                      UUID.randomUUID().toString(),
                      request.customerId(),
                      t.getT2().orElse(null),
                      cluster,
                      request.node(),
                      request.vmid(),
                      type == GuestType.QEMU ? "qemu" : "lxc",
                      name.length() > 63 ? name.substring(0, 63) : name,
                      p == null ? null : p.id(),
                      request.templateId(),
                      ServerStatus.fromProxmox(status.status(), status.qmpstatus()),
                      null,
                      now,
                      now);
              return operations
                  .submitNew(
                      actor.asUser(),
                      server,
                      new OperationRequest(
                          OperationKind.PROVIDER_ADOPT,
                          Map.of(),
                          "cluster="
                              + cluster
                              + " node="
                              + request.node()
                              + " vmid="
                              + request.vmid()),
                      records.insert(server, p != null && p.diskFromAgent()))
                  .onErrorMap(
                      DataIntegrityViolationException.class,
                      e -> new ConflictException("Another server of the panel holds this guest"));
            })
        .flatMap(op -> operations.settle(op, wait));
  }

  /** The caller moves their container to another offered plan, within their entitlements. */
  Mono<Operation> resizeOwn(String serverId, String planId, boolean wait) {
    return CurrentUser.current()
        .flatMap(
            user ->
                access
                    .actionable(user, serverId)
                    .flatMap(server -> resize(user, server, planId, true)))
        .flatMap(op -> operations.settle(op, wait));
  }

  /** The provider moves a customer's container to another plan (no entitlement applies). */
  Mono<Operation> resizeFor(ProviderActor actor, String serverId, String planId, boolean wait) {
    return access
        .find(serverId)
        .flatMap(server -> resize(actor.asUser(), server, planId, false))
        .flatMap(op -> operations.settle(op, wait));
  }

  private Mono<Operation> resize(
      CurrentUser actor, Server server, String planId, boolean withinQuota) {
    if (server.type() != GuestType.LXC) {
      return Mono.error(
          new ConflictException("Only containers change plan in place; this is a virtual machine"));
    }
    if (planId.equals(server.planId())) {
      return Mono.error(new ConflictException("The server has this plan already"));
    }
    Mono<Plan> to =
        catalog
            .plan(planId)
            .filter(Plan::active)
            .switchIfEmpty(
                Mono.error(new InvalidFieldException("planId", "is not an offered plan")));
    Mono<Optional<Plan>> from =
        server.planId() == null
            ? Mono.just(Optional.empty())
            : catalog.plan(server.planId()).map(Optional::of).defaultIfEmpty(Optional.empty());
    return Mono.zip(to, from)
        .flatMap(
            t -> {
              Plan next = t.getT1();
              Plan now = t.getT2().orElse(null);
              if (now != null && next.diskGib() < now.diskGib()) {
                return Mono.error(
                    new InvalidFieldException(
                        "planId", "has a smaller disk than the server's; disks only grow"));
              }
              Mono<Void> record =
                  withinQuota ? quotas.allowResize(server.ownerId(), now, next) : Mono.empty();
              return operations.submitNew(
                  actor,
                  server,
                  new OperationRequest(
                      OperationKind.RESIZE,
                      Map.of(ResizeOperations.PLAN, next.id()),
                      "from=" + server.planId() + " to=" + next.id()),
                  record);
            });
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
