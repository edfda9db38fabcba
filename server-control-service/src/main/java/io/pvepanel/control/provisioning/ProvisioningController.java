package io.pvepanel.control.provisioning;

import io.pvepanel.control.operation.OperationView;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Creating, resizing and deleting servers: maps HTTP to {@link ProvisioningService}. */
@RestController
class ProvisioningController {

  private final ProvisioningService provisioning;

  ProvisioningController(ProvisioningService provisioning) {
    this.provisioning = provisioning;
  }

  @PostMapping("/api/server/create")
  Mono<ResponseEntity<OperationView>> create(
      @Valid @RequestBody CreateRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return provisioning
        .create(
            request.planId(),
            request.templateId(),
            request.hostname(),
            request.sshPublicKey(),
            wait)
        .map(OperationView::response);
  }

  @PostMapping("/api/server/{id}/resize")
  Mono<ResponseEntity<OperationView>> resize(
      @PathVariable String id,
      @Valid @RequestBody ResizeRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return provisioning.resizeOwn(id, request.planId(), wait).map(OperationView::response);
  }

  @DeleteMapping("/api/server/{id}")
  Mono<ResponseEntity<OperationView>> delete(
      @PathVariable String id, @RequestParam(defaultValue = "false") boolean wait) {
    return provisioning.delete(id, wait).map(OperationView::response);
  }
}
