package io.pvepanel.control.provisioning;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.catalog.Template;
import io.pvepanel.control.operation.GuestSteps;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationContext;
import io.pvepanel.control.operation.OperationHandler;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.Step;
import io.pvepanel.control.password.PasswordGenerator;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRecords;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.client.CreatedGuest;
import io.pvepanel.proxmox.client.GuestStatus;
import io.pvepanel.proxmox.client.LxcCreateRequest;
import io.pvepanel.proxmox.client.NodeInfo;
import io.pvepanel.proxmox.client.ProxmoxApiException;
import io.pvepanel.proxmox.client.ProxmoxClient;
import io.pvepanel.proxmox.client.Upid;
import io.pvepanel.web.ConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Create and delete. The server's record exists before either asks Proxmox for anything.
 *
 * <p>A create places the container (the online node with the most free memory, the lowest vmid free
 * both in Proxmox and in the panel's records; recorded before the guest exists, so a clean-up knows
 * where to look), creates it from the template with the panel's tag {@code pvepanel-<server id>},
 * and starts it: "succeeded" means it runs. A failure at any step, or an interruption before
 * Proxmox's create task was recorded, removes the container (only one that carries the server's
 * tag) and the record.
 *
 * <p>A delete stops a running guest, then destroys it; the record goes only when Proxmox confirms.
 * A guest destroyed outside the panel is deleted all the same when no guest of the cluster has its
 * vmid; one that now has it elsewhere is never deleted in its place. Both steps check Proxmox
 * first, so they are safe to repeat after an interruption.
 */
@Component
class ProvisioningOperations implements OperationHandler {

  static final String PLAN = "plan";
  static final String TEMPLATE = "template";
  static final String HOSTNAME = "hostname";

  /** OpenSSH public keys for root, one per line. */
  static final String SSH_KEY = "sshKey";

  /** The node the provider chose; absent: the online node with the most free memory. */
  static final String NODE = "node";

  private static final int PLACEMENT_ATTEMPTS = 5;
  private static final Duration UNLOCK_WAIT = Duration.ofMinutes(2);
  private static final Duration UNLOCK_POLL = Duration.ofSeconds(2);

  private final CatalogRepository catalog;
  private final ServerRepository servers;
  private final ServerRecords records;
  private final PasswordGenerator passwords;
  private final TransactionalOperator tx;
  private final ControlProperties properties;
  private final Clock clock;

  ProvisioningOperations(
      CatalogRepository catalog,
      ServerRepository servers,
      ServerRecords records,
      PasswordGenerator passwords,
      TransactionalOperator tx,
      ControlProperties properties,
      Clock clock) {
    this.catalog = catalog;
    this.servers = servers;
    this.records = records;
    this.passwords = passwords;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public Set<OperationKind> kinds() {
    return EnumSet.of(OperationKind.CREATE, OperationKind.DELETE);
  }

  /** The tag that marks the container of {@code serverId} as the panel's. */
  static String tag(String serverId) {
    return "pvepanel-" + serverId.toLowerCase(Locale.ROOT);
  }

  @Override
  public List<Step> steps(Operation op) {
    if (op.kind() == OperationKind.CREATE) {
      return List.of(
          Step.once("place", c -> place(c, op).then(Mono.<Upid>empty())),
          Step.once("create", c -> create(c, op)),
          GuestSteps.startUnlessRunning());
    }
    return List.of(GuestSteps.stopIfRunning(), Step.repeatable("destroy", this::destroy));
  }

  @Override
  public Mono<Void> onSuccess(Server server, Operation op) {
    return op.kind() == OperationKind.DELETE
        ? records.forget(server, clock.instant())
        : Mono.empty();
  }

  @Override
  public Mono<AfterFailure> onFailure(OperationContext context) {
    if (context.operation().kind() != OperationKind.CREATE) {
      return Mono.empty();
    }
    Server server = context.server();
    if (!server.placed()) {
      return Mono.just(AfterFailure.FORGET);
    }
    ProxmoxClient client = context.client();
    return ours(client, server)
        .flatMap(
            mine ->
                mine
                    ? unlocked(client, server)
                        .then(Mono.defer(() -> client.delete(server.ref())))
                        .flatMap(upid -> client.awaitTask(upid, properties.operationTimeout()))
                        .thenReturn(AfterFailure.FORGET)
                    : Mono.just(AfterFailure.FORGET))
        .onErrorResume(e -> Mono.just(AfterFailure.BROKEN));
  }

  // ------------------------------------------------------------------ create

  private Mono<Server> place(OperationContext c, Operation op) {
    Server server = c.server();
    if (server.placed()) {
      return Mono.just(server);
    }
    Mono<Boolean> diskFromAgent = catalog.diskFromAgent(op.params().get(PLAN));
    return Mono.zip(node(c.client(), op.params().get(NODE)), diskFromAgent)
        .flatMap(
            t ->
                freeVmid(c.client(), server.cluster())
                    .flatMap(
                        vmid ->
                            records
                                .place(server, t.getT1(), vmid, t.getT2(), clock.instant())
                                .as(tx::transactional)))
        // another create of the panel took the same vmid a moment before
        .retryWhen(
            Retry.max(PLACEMENT_ATTEMPTS)
                .filter(DataIntegrityViolationException.class::isInstance));
  }

  private Mono<String> node(ProxmoxClient client, String wanted) {
    return client
        .nodes()
        .flatMap(
            nodes ->
                Mono.justOrEmpty(
                    nodes.stream()
                        .filter(NodeInfo::isOnline)
                        .filter(n -> wanted == null || wanted.equals(n.node()))
                        .filter(n -> n.maxmem() != null && n.mem() != null)
                        .max(Comparator.comparingLong(n -> n.maxmem() - n.mem()))
                        .map(NodeInfo::node)))
        .switchIfEmpty(
            Mono.error(new ConflictException("No node can take a new server right now")));
  }

  /** Proxmox's next free id, moved past ids the panel has recorded (placed, not yet created). */
  private Mono<Integer> freeVmid(ProxmoxClient client, String cluster) {
    Mono<Set<Integer>> recorded =
        servers
            .findAll()
            .filter(s -> cluster.equals(s.cluster()) && s.vmid() != null)
            .map(Server::vmid)
            .collect(HashSet::new, Set::add);
    return Mono.zip(client.nextId(), recorded)
        .map(
            t -> {
              int id = t.getT1();
              while (t.getT2().contains(id)) {
                id++;
              }
              return id;
            });
  }

  private Mono<Upid> create(OperationContext c, Operation op) {
    Server server = c.server();
    return Mono.zip(
            catalog.plan(op.params().get(PLAN)), catalog.template(op.params().get(TEMPLATE)))
        .switchIfEmpty(
            Mono.error(new IllegalStateException("The plan or template is no longer offered")))
        .flatMap(
            pt ->
                c.client()
                    .createLxc(server.node(), lxc(server, op, pt.getT1(), pt.getT2()))
                    .map(CreatedGuest::upid));
  }

  private LxcCreateRequest lxc(Server server, Operation op, Plan plan, Template template) {
    // A random root password nobody learns: root is never passwordless, and the customer sets
    // their own through change-password or logs in with their key.
    char[] generated = passwords.generate(properties.passwordLength());
    String password = new String(generated);
    Arrays.fill(generated, '\0');
    String key = op.params().get(SSH_KEY);
    return new LxcCreateRequest(
        server.vmid(),
        template.volumeId(),
        server.hostname(),
        password,
        key == null ? List.of() : List.of(key.split("\n")),
        plan.cores(),
        plan.memoryMib(),
        plan.swapMib(),
        properties.storage(),
        plan.diskGib(),
        properties.network(),
        null,
        false,
        "nesting=1",
        true,
        tag(server.id()));
  }

  /** Whether the guest at the server's place exists and carries its tag. */
  private static Mono<Boolean> ours(ProxmoxClient client, Server server) {
    return client
        .status(server.ref())
        .map(status -> hasTag(status, tag(server.id())))
        .onErrorResume(ProxmoxApiException.NotFound.class, e -> Mono.just(false));
  }

  private static boolean hasTag(GuestStatus status, String tag) {
    return status.tags() != null
        && Arrays.stream(status.tags().split("[;, ]")).anyMatch(t -> t.equalsIgnoreCase(tag));
  }

  /** Waits (bounded) until no task holds the guest's lock, e.g. a create still running. */
  private static Mono<Void> unlocked(ProxmoxClient client, Server server) {
    return client
        .status(server.ref())
        .flatMap(
            s ->
                s.lock() == null || s.lock().isEmpty()
                    ? Mono.<Void>empty()
                    : Mono.error(new IllegalStateException("locked: " + s.lock())))
        .retryWhen(
            Retry.fixedDelay(UNLOCK_WAIT.dividedBy(UNLOCK_POLL), UNLOCK_POLL)
                .filter(IllegalStateException.class::isInstance));
  }

  // ------------------------------------------------------------------ delete

  private Mono<Upid> destroy(OperationContext c) {
    Server server = c.server();
    if (!server.placed()) {
      return Mono.empty();
    }
    return Mono.defer(() -> c.client().delete(server.ref()))
        .onErrorResume(
            ProxmoxApiException.NotFound.class,
            notFound ->
                goneFromTheCluster(c.client(), server)
                    .flatMap(gone -> gone ? Mono.<Upid>empty() : Mono.error(notFound)));
  }

  /**
   * Whether no guest of the cluster has the server's vmid any more: deleted outside the panel, so
   * the delete has nothing left to do in Proxmox.
   */
  private static Mono<Boolean> goneFromTheCluster(ProxmoxClient client, Server s) {
    return client
        .clusterResources()
        .map(guests -> guests.stream().noneMatch(g -> g.vmid() == s.vmid()));
  }
}
