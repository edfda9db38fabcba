package io.pvepanel.control.snapshot;

import io.pvepanel.control.operation.OperationView;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Snapshots: maps HTTP to {@link SnapshotService}. */
@RestController
@RequestMapping("/api/server/{id}")
class SnapshotController {

  private final SnapshotService snapshots;

  SnapshotController(SnapshotService snapshots) {
    this.snapshots = snapshots;
  }

  @GetMapping("/snapshots")
  Flux<SnapshotView> list(@PathVariable String id) {
    return snapshots.list(id);
  }

  @PostMapping("/snapshot")
  Mono<ResponseEntity<OperationView>> create(
      @PathVariable String id,
      @Valid @RequestBody SnapshotRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return snapshots
        .create(id, request.name(), request.description(), wait)
        .map(OperationView::response);
  }

  @PostMapping("/snapshot/restore")
  Mono<ResponseEntity<OperationView>> restore(
      @PathVariable String id,
      @Valid @RequestBody RestoreRequest request,
      @RequestParam(defaultValue = "false") boolean wait) {
    return snapshots.restore(id, request.snapshotId(), wait).map(OperationView::response);
  }

  @DeleteMapping("/snapshot/{snapshotId}")
  Mono<ResponseEntity<OperationView>> delete(
      @PathVariable String id,
      @PathVariable String snapshotId,
      @RequestParam(defaultValue = "false") boolean wait) {
    return snapshots.delete(id, snapshotId, wait).map(OperationView::response);
  }
}
