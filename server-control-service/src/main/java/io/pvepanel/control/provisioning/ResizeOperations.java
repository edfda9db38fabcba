package io.pvepanel.control.provisioning;

import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationContext;
import io.pvepanel.control.operation.OperationHandler;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.Step;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.proxmox.client.Upid;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A container moved to another plan: cores, memory and swap are set at once and a running container
 * takes them live (one config write, no task: pve-container {@code src/PVE/API2/LXC/Config.pm}),
 * then the root disk grows to the plan's size when it is smaller (a {@code resize} task; disks only
 * grow: {@code src/PVE/API2/LXC.pm} refuses to shrink). Both steps are safe to repeat. The server's
 * plan is recorded once both are done.
 */
@Component
class ResizeOperations implements OperationHandler {

  /** The plan the server moves to. */
  static final String PLAN = "plan";

  private static final Pattern SIZE = Pattern.compile("size=(\\d+(?:\\.\\d+)?)([KMGT]?)");

  private final CatalogRepository catalog;
  private final ServerRepository servers;
  private final Clock clock;

  ResizeOperations(CatalogRepository catalog, ServerRepository servers, Clock clock) {
    this.catalog = catalog;
    this.servers = servers;
    this.clock = clock;
  }

  @Override
  public Set<OperationKind> kinds() {
    return Set.of(OperationKind.RESIZE);
  }

  @Override
  public List<Step> steps(Operation op) {
    return List.of(
        Step.repeatable("limits", c -> limits(c, op)), Step.repeatable("disk", c -> disk(c, op)));
  }

  @Override
  public Mono<Void> onSuccess(Server server, Operation op) {
    return servers.updatePlan(server.id(), op.params().get(PLAN), clock.instant());
  }

  private Mono<Plan> plan(Operation op) {
    return catalog
        .plan(op.params().get(PLAN))
        .switchIfEmpty(Mono.error(new IllegalStateException("The plan no longer exists")));
  }

  private Mono<Upid> limits(OperationContext c, Operation op) {
    return plan(op)
        .flatMap(
            p ->
                c.client().setLxcResources(c.server().ref(), p.cores(), p.memoryMib(), p.swapMib()))
        .then(Mono.empty());
  }

  private Mono<Upid> disk(OperationContext c, Operation op) {
    return Mono.zip(plan(op), c.client().config(c.server().ref()))
        .flatMap(
            t -> {
              double current = rootGib(String.valueOf(t.getT2().get("rootfs")));
              return t.getT1().diskGib() > current
                  ? c.client().growLxcRootDisk(c.server().ref(), t.getT1().diskGib())
                  : Mono.<Upid>empty();
            });
  }

  /** The size of a {@code rootfs} line in GiB ({@code local-lvm:vm-101-disk-0,size=8G}). */
  static double rootGib(String rootfs) {
    Matcher m = SIZE.matcher(rootfs);
    if (!m.find()) {
      return Double.MAX_VALUE;
    }
    double n = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "T" -> n * 1024;
      case "G" -> n;
      case "M" -> n / 1024;
      case "K" -> n / (1024 * 1024);
      default -> n / (1024.0 * 1024 * 1024);
    };
  }
}
