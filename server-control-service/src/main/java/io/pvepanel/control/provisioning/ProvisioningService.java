package io.pvepanel.control.provisioning;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.catalog.CatalogRepository;
import io.pvepanel.control.catalog.Plan;
import io.pvepanel.control.catalog.Template;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.OperationRequest;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.server.Server;
import io.pvepanel.control.server.ServerRecords;
import io.pvepanel.control.server.ServerStatus;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.InvalidFieldException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Creating and deleting the caller's servers. Both are operations like every other: the record
 * (status {@code creating} or {@code deleting}) and the queued operation are written together
 * before Proxmox is asked for anything; what happens in Proxmox is {@link ProvisioningOperations}'.
 */
@Service
class ProvisioningService {

  private final CatalogRepository catalog;
  private final OperationService operations;
  private final ServerRecords records;
  private final ControlProperties properties;
  private final Clock clock;

  ProvisioningService(
      CatalogRepository catalog,
      OperationService operations,
      ServerRecords records,
      ControlProperties properties,
      Clock clock) {
    this.catalog = catalog;
    this.operations = operations;
    this.records = records;
    this.properties = properties;
    this.clock = clock;
  }

  /** A new container of an offered plan and template, owned by the caller. */
  Mono<Operation> create(
      String planId, String templateId, String hostname, String sshKey, boolean wait) {
    Mono<Plan> plan =
        catalog
            .plan(planId)
            .filter(Plan::active)
            .switchIfEmpty(
                Mono.error(new InvalidFieldException("planId", "is not an offered plan")));
    Mono<Template> template =
        catalog
            .template(templateId)
            .filter(Template::active)
            .switchIfEmpty(
                Mono.error(new InvalidFieldException("templateId", "is not an offered template")));
    return CurrentUser.current()
        .flatMap(
            user ->
                Mono.zip(plan, template)
                    .flatMap(
                        pt -> {
                          Server server = newServer(user, hostname, pt.getT1(), pt.getT2());
                          Map<String, String> params = new HashMap<>();
                          params.put(ProvisioningOperations.PLAN, pt.getT1().id());
                          params.put(ProvisioningOperations.TEMPLATE, pt.getT2().id());
                          params.put(ProvisioningOperations.HOSTNAME, server.hostname());
                          if (sshKey != null) {
                            params.put(ProvisioningOperations.SSH_KEY, sshKey);
                          }
                          OperationRequest request =
                              new OperationRequest(
                                  OperationKind.CREATE,
                                  params,
                                  "plan=" + pt.getT1().id() + " template=" + pt.getT2().id());
                          return operations.submitNew(
                              user,
                              server,
                              request,
                              records.insert(server, pt.getT1().diskFromAgent()));
                        }))
        .flatMap(op -> operations.settle(op, wait));
  }

  /** Deletes the caller's server: its guest is stopped and destroyed, then the record goes. */
  Mono<Operation> delete(String serverId, boolean wait) {
    return operations.submitOnServer(
        serverId, wait, server -> Mono.just(OperationRequest.of(OperationKind.DELETE)));
  }

  private Server newServer(CurrentUser user, String hostname, Plan plan, Template template) {
    Instant now = clock.instant();
    return new Server(
        UUID.randomUUID().toString(),
        user.id(),
        user.email(),
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
