package io.pvepanel.control.lifecycle;

import io.pvepanel.control.operation.OperationView;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Power actions. {@code restart} means reboot. Every action answers 202 with the operation and its
 * {@code Location}; {@code ?wait=true} holds the request until the operation ends (bounded) and
 * answers 200 with it.
 */
@RestController
@RequestMapping("/api/server/{id}")
class LifecycleController {

  private final LifecycleService lifecycle;

  LifecycleController(LifecycleService lifecycle) {
    this.lifecycle = lifecycle;
  }

  @PostMapping("/control")
  Mono<ResponseEntity<OperationView>> control(
      @PathVariable String id,
      @Valid @RequestBody ControlRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return act(id, request.action(), wait);
  }

  @PostMapping("/start")
  Mono<ResponseEntity<OperationView>> start(
      @PathVariable String id, @RequestParam(defaultValue = "false") boolean wait) {
    return act(id, "start", wait);
  }

  @PostMapping("/stop")
  Mono<ResponseEntity<OperationView>> stop(
      @PathVariable String id, @RequestParam(defaultValue = "false") boolean wait) {
    return act(id, "stop", wait);
  }

  @PostMapping("/restart")
  Mono<ResponseEntity<OperationView>> restart(
      @PathVariable String id, @RequestParam(defaultValue = "false") boolean wait) {
    return act(id, "restart", wait);
  }

  private Mono<ResponseEntity<OperationView>> act(String id, String action, boolean wait) {
    return lifecycle.act(id, action, wait).map(OperationView::response);
  }
}
