package io.pvepanel.control.provisioning;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Housekeeping's part of termination: deletes the servers whose grace has ended. */
@Component
public class TerminationSweep {

  private final ProvisioningService provisioning;

  TerminationSweep(ProvisioningService provisioning) {
    this.provisioning = provisioning;
  }

  /** Starts the deletes that are due; completes with how many it started. */
  public Mono<Long> run() {
    return provisioning.deleteDue();
  }
}
