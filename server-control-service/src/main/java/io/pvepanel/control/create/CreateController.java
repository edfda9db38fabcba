package io.pvepanel.control.create;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.catalog.Template;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.operation.OperationSpec;
import io.pvepanel.control.operation.OperationView;
import io.pvepanel.control.password.PasswordGenerator;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.ServerInventoryRecord;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.proxmox.client.CreatedGuest;
import io.pvepanel.proxmox.client.LxcCreateRequest;
import io.pvepanel.proxmox.client.NodeInfo;
import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.ProxmoxClusters;
import io.pvepanel.proxmox.client.ProxmoxTaskFailedException;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.InvalidFieldException;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Creating and deleting servers. A container is placed on the online node with the most free
 * memory, gets the next free vmid from Proxmox, its root disk on the configured snapshot-capable
 * storage, and is started by the same operation once created (a separate task, followed too, so
 * "succeeded" means it runs). Deleting stops the guest first, then purges it; the record goes only
 * when Proxmox confirms.
 */
@RestController
class CreateController {

  private final ServerRepository servers;
  private final CatalogRepository catalog;
  private final OperationService operations;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final PasswordGenerator passwords;
  private final ObjectProvider<ProxmoxClusters> clusters;
  private final ControlProperties properties;
  private final Clock clock;

  CreateController(
      ServerRepository servers,
      CatalogRepository catalog,
      OperationService operations,
      Outbox outbox,
      TransactionalOperator tx,
      PasswordGenerator passwords,
      ObjectProvider<ProxmoxClusters> clusters,
      ControlProperties properties,
      Clock clock) {
    this.servers = servers;
    this.catalog = catalog;
    this.operations = operations;
    this.outbox = outbox;
    this.tx = tx;
    this.passwords = passwords;
    this.clusters = clusters;
    this.properties = properties;
    this.clock = clock;
  }

  @PostMapping("/api/server/create")
  Mono<ResponseEntity<OperationView>> create(
      @Valid @RequestBody CreateRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    Mono<Plan> plan =
        catalog
            .plan(request.planId())
            .filter(Plan::active)
            .switchIfEmpty(
                Mono.error(new InvalidFieldException("planId", "is not an offered plan")));
    Mono<Template> template =
        catalog
            .template(request.templateId())
            .filter(Template::active)
            .switchIfEmpty(
                Mono.error(new InvalidFieldException("templateId", "is not an offered template")));
    return CurrentUser.current()
        .flatMap(
            user ->
                Mono.zip(plan, template)
                    .flatMap(
                        pt -> {
                          ProxmoxClient client =
                              clusters.getObject().client(properties.defaultCluster());
                          return placement(client)
                              .flatMap(
                                  node ->
                                      client.createLxc(node, lxc(request, pt.getT1(), pt.getT2())))
                              .flatMap(
                                  created ->
                                      record(user, request, pt.getT1(), pt.getT2(), created)
                                          .flatMap(
                                              server ->
                                                  operations.submit(
                                                      user,
                                                      server,
                                                      OperationSpec.of(
                                                              "create",
                                                              "plan="
                                                                  + pt.getT1().id()
                                                                  + " template="
                                                                  + pt.getT2().id(),
                                                              c -> Mono.just(created.upid()),
                                                              "running")
                                                          .andThen(c -> c.start(created.ref())))));
                        }))
        .flatMap(op -> operations.settle(op, wait))
        .map(OperationView::response);
  }

  @DeleteMapping("/api/server/{id}")
  Mono<ResponseEntity<OperationView>> delete(
      @PathVariable String id, @RequestParam(defaultValue = "false") boolean wait) {
    return operations
        .submitOnServer(
            id,
            wait,
            server ->
                Mono.just(
                    new OperationSpec(
                        "delete",
                        null,
                        client -> stopThenDelete(client, server),
                        null,
                        (s, op) -> forget(s))))
        .map(OperationView::response);
  }

  private Mono<io.pvepanel.proxmox.client.Upid> stopThenDelete(ProxmoxClient client, Server s) {
    Mono<Void> stopped =
        client
            .status(s.ref())
            .flatMap(
                status ->
                    "running".equals(status.status())
                        ? client
                            .stop(s.ref())
                            .flatMap(upid -> client.awaitTask(upid, Duration.ofMinutes(2)))
                            .then()
                        : Mono.<Void>empty());
    return stopped
        .onErrorMap(
            ProxmoxTaskFailedException.class,
            e -> new IllegalStateException("stopping before delete failed: " + e.exitStatus()))
        .then(Mono.defer(() -> client.delete(s.ref())))
        .onErrorResume(
            ProxmoxApiException.NotFound.class,
            notFound ->
                goneFromTheCluster(client, s)
                    .flatMap(gone -> gone ? Mono.empty() : Mono.error(notFound)));
  }

  /**
   * Whether no guest of the cluster has the server's vmid any more: deleted outside the panel, so
   * the delete has nothing left to do in Proxmox. A guest with that vmid on another node (moved, or
   * the id reused for someone else's guest) is never deleted in its place; the delete fails
   * instead.
   */
  private static Mono<Boolean> goneFromTheCluster(ProxmoxClient client, Server s) {
    return client
        .clusterResources()
        .map(guests -> guests.stream().noneMatch(g -> g.vmid() == s.vmid()));
  }

  private Mono<Void> forget(Server s) {
    ServerEvent deleted = s.event(ServerEvent.DELETED, clock.instant(), "deleted", null);
    return servers
        .delete(s.id())
        .then(outbox.appendTombstone(Topics.SERVER_INVENTORY, s.id()))
        .then(outbox.append(Topics.SERVER_EVENTS, deleted));
  }

  private Mono<String> placement(ProxmoxClient client) {
    return client
        .nodes()
        .map(
            nodes ->
                nodes.stream()
                    .filter(NodeInfo::isOnline)
                    .filter(n -> n.maxmem() != null && n.mem() != null)
                    .max(Comparator.comparingLong(n -> n.maxmem() - n.mem()))
                    .map(NodeInfo::node))
        .flatMap(
            best ->
                best.map(Mono::just)
                    .orElseGet(
                        () ->
                            Mono.error(
                                new io.pvepanel.web.ConflictException(
                                    "No node can take a new server right now"))));
  }

  private LxcCreateRequest lxc(CreateRequest r, Plan plan, Template template) {
    char[] generated = passwords.generate(properties.passwordLength());
    // A random root password nobody learns: root is never passwordless, and the customer sets
    // their own through change-password or logs in with their key.
    String password = new String(generated);
    java.util.Arrays.fill(generated, '\0');
    return new LxcCreateRequest(
        null,
        template.volumeId(),
        r.hostname().toLowerCase(Locale.ROOT),
        password,
        r.sshPublicKey() == null ? List.of() : List.of(r.sshPublicKey()),
        plan.cores(),
        plan.memoryMib(),
        plan.swapMib(),
        properties.storage(),
        plan.diskGib(),
        properties.network(),
        null,
        false,
        "nesting=1",
        true);
  }

  private Mono<Server> record(
      CurrentUser user, CreateRequest r, Plan plan, Template template, CreatedGuest created) {
    Instant now = clock.instant();
    Server server =
        new Server(
            UUID.randomUUID().toString(),
            user.id(),
            user.email(),
            properties.defaultCluster(),
            created.ref().node(),
            created.ref().vmid(),
            "lxc",
            r.hostname().toLowerCase(Locale.ROOT),
            plan.id(),
            template.id(),
            "creating",
            null,
            now,
            now);
    ServerInventoryRecord inventory = server.inventoryRecord(plan.diskFromAgent(), now);
    return servers
        .insert(server)
        .then(outbox.append(Topics.SERVER_INVENTORY, inventory))
        .as(tx::transactional)
        .thenReturn(server);
  }
}
