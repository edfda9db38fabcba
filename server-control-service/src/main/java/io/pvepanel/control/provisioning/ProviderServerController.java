package io.pvepanel.control.provisioning;

import io.pvepanel.control.operation.OperationView;
import io.pvepanel.control.provider.ProviderActor;
import io.pvepanel.control.provider.ProviderProperties;
import io.pvepanel.control.server.ServerRepository;
import io.pvepanel.control.server.ServerView;
import io.pvepanel.security.ProviderScope;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The provider API's servers: create for a customer, suspend and unsuspend for billing, terminate
 * (with a grace in which unsuspend restores), resize, transfer to another customer, adopt an
 * existing guest, list. Changes need the {@code provisioning} scope, reads {@code read}; support
 * staff's tokens hold both. Maps HTTP to {@link ProvisioningService}.
 */
@RestController
@Validated
@RequestMapping("/api/admin/servers")
@Tag(name = "Provider API")
class ProviderServerController {

  /** {@code {"reason"?}}: shown to the customer. */
  record SuspendRequest(
      @Size(max = 200)
          @Pattern(regexp = "[^\\p{Cntrl}\\u2028\\u2029]*", message = "must be one line")
          String reason) {}

  /** {@code {"start"?}}: start the guest again (default true). */
  record UnsuspendRequest(Boolean start) {}

  /** {@code {"graceHours"?}}: 0 deletes at once; absent: {@code termination-grace}. */
  record TerminateRequest(
      @Min(value = 0, message = "must be 0 or more")
          @Max(value = 8760, message = "must be at most 8760 (a year)")
          Integer graceHours) {}

  /** {@code {"customerId"}}: the new owner. */
  record TransferRequest(
      @NotBlank(message = "is required")
          @Pattern(regexp = "[A-Za-z0-9@._-]{1,64}", message = "must be a user id")
          String customerId) {}

  private final ProvisioningService provisioning;
  private final ServerRepository servers;
  private final ProviderProperties properties;

  ProviderServerController(
      ProvisioningService provisioning, ServerRepository servers, ProviderProperties properties) {
    this.provisioning = provisioning;
    this.servers = servers;
    this.properties = properties;
  }

  @PostMapping("/{id}/terminate")
  Mono<ResponseEntity<OperationView>> terminate(
      @PathVariable String id,
      @Valid @RequestBody(required = false) TerminateRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    Duration grace =
        request == null || request.graceHours() == null
            ? properties.terminationGrace()
            : Duration.ofHours(request.graceHours());
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(actor -> provisioning.terminate(actor, id, grace, wait))
        .map(OperationView::response);
  }

  @PostMapping("/{id}/resize")
  Mono<ResponseEntity<OperationView>> resize(
      @PathVariable String id,
      @Valid @RequestBody ResizeRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(actor -> provisioning.resizeFor(actor, id, request.planId(), wait))
        .map(OperationView::response);
  }

  @PostMapping("/{id}/transfer")
  Mono<ResponseEntity<OperationView>> transfer(
      @PathVariable String id,
      @Valid @RequestBody TransferRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(actor -> provisioning.transfer(actor, id, request.customerId(), wait))
        .map(OperationView::response);
  }

  @PostMapping("/adopt")
  Mono<ResponseEntity<OperationView>> adopt(
      @Valid @RequestBody AdoptRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(actor -> provisioning.adopt(actor, request, wait))
        .map(OperationView::response);
  }

  @PostMapping
  Mono<ResponseEntity<OperationView>> create(
      @Valid @RequestBody ProviderCreateRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(
            actor -> provisioning.createFor(actor, request.customerId(), request.wanted(), wait))
        .map(OperationView::response);
  }

  @GetMapping
  Flux<ServerView> list(
      @RequestParam(required = false)
          @Pattern(regexp = "[A-Za-z0-9@._-]{1,64}", message = "must be a user id")
          String customerId) {
    return ProviderActor.require(ProviderScope.READ)
        .thenMany(customerId == null ? servers.findAll() : servers.findByOwner(customerId))
        .map(ServerView::of);
  }

  @PostMapping("/{id}/suspend")
  Mono<ResponseEntity<OperationView>> suspend(
      @PathVariable String id,
      @Valid @RequestBody(required = false) SuspendRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    String reason =
        request == null || request.reason() == null || request.reason().isBlank()
            ? null
            : request.reason().strip();
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(actor -> provisioning.suspend(actor, id, reason, wait))
        .map(OperationView::response);
  }

  @PostMapping("/{id}/unsuspend")
  Mono<ResponseEntity<OperationView>> unsuspend(
      @PathVariable String id,
      @RequestBody(required = false) UnsuspendRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    boolean start = request == null || request.start() == null || request.start();
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(actor -> provisioning.unsuspend(actor, id, start, wait))
        .map(OperationView::response);
  }
}
