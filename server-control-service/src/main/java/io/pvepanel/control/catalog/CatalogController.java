package io.pvepanel.control.catalog;

import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ForbiddenException;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.NotFoundException;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the create form offers. Everyone reads the active entries; support staff also see retired
 * ones ({@code ?all=true}) and create, change and retire entries. Entries are retired, never
 * deleted, because existing servers still name them.
 */
@RestController
@RequestMapping("/api/catalog")
class CatalogController {

  private final CatalogRepository catalog;

  CatalogController(CatalogRepository catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/plans")
  Flux<Plan> plans(@RequestParam(defaultValue = "false") boolean all) {
    return CurrentUser.current().flatMapMany(u -> catalog.plans(all && u.admin()));
  }

  @GetMapping("/templates")
  Flux<Template> templates(@RequestParam(defaultValue = "false") boolean all) {
    return CurrentUser.current().flatMapMany(u -> catalog.templates(all && u.admin()));
  }

  @PostMapping("/plans")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Plan> createPlan(@Valid @RequestBody Plan plan) {
    return admin().then(catalog.save(plan)).then(catalog.plan(plan.id()));
  }

  @PutMapping("/plans/{id}")
  Mono<Plan> updatePlan(@PathVariable String id, @Valid @RequestBody Plan plan) {
    return admin()
        .then(sameId(id, plan.id()))
        .then(catalog.plan(id).switchIfEmpty(Mono.error(new NotFoundException("Plan"))))
        .then(catalog.save(plan))
        .then(catalog.plan(id));
  }

  @DeleteMapping("/plans/{id}")
  Mono<Plan> retirePlan(@PathVariable String id) {
    return admin()
        .then(catalog.plan(id).switchIfEmpty(Mono.error(new NotFoundException("Plan"))))
        .flatMap(
            p ->
                catalog.save(
                    new Plan(
                        p.id(),
                        p.name(),
                        p.cores(),
                        p.memoryMib(),
                        p.swapMib(),
                        p.diskGib(),
                        p.snapshotQuota(),
                        p.diskFromAgent(),
                        false)))
        .then(catalog.plan(id));
  }

  @PostMapping("/templates")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Template> createTemplate(@Valid @RequestBody Template template) {
    return admin().then(catalog.save(template)).then(catalog.template(template.id()));
  }

  @PutMapping("/templates/{id}")
  Mono<Template> updateTemplate(@PathVariable String id, @Valid @RequestBody Template template) {
    return admin()
        .then(sameId(id, template.id()))
        .then(catalog.template(id).switchIfEmpty(Mono.error(new NotFoundException("Template"))))
        .then(catalog.save(template))
        .then(catalog.template(id));
  }

  @DeleteMapping("/templates/{id}")
  Mono<Template> retireTemplate(@PathVariable String id) {
    return admin()
        .then(catalog.template(id).switchIfEmpty(Mono.error(new NotFoundException("Template"))))
        .flatMap(t -> catalog.save(new Template(t.id(), t.name(), t.osType(), t.volumeId(), false)))
        .then(catalog.template(id));
  }

  private static Mono<Void> admin() {
    return CurrentUser.current()
        .filter(CurrentUser::admin)
        .switchIfEmpty(Mono.error(new ForbiddenException("Only support staff change the catalog")))
        .then();
  }

  private static Mono<Void> sameId(String pathId, String bodyId) {
    return pathId.equals(bodyId)
        ? Mono.empty()
        : Mono.error(new InvalidFieldException("id", "must equal the id in the path"));
  }
}
