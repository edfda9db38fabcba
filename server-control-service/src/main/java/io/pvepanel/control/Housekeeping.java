package io.pvepanel.control;

import io.pvepanel.control.console.ConsoleSessions;
import io.pvepanel.control.operation.OperationService;
import io.pvepanel.control.provisioning.TerminationSweep;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import reactor.core.publisher.Mono;

/**
 * Periodically (the {@code housekeepingLoop}, every {@code pvepanel.control.housekeeping.period}):
 * takes over operations an instance that died left without a task to follow (they would hold their
 * servers), drops console sessions that can no longer be redeemed (the outbox purges itself), and
 * deletes the servers the provider terminated once their grace has ended.
 */
@Component
class Housekeeping {

  private final OperationService operations;
  private final ConsoleSessions consoles;
  private final TerminationSweep terminations;

  Housekeeping(
      OperationService operations, ConsoleSessions consoles, TerminationSweep terminations) {
    this.operations = operations;
    this.consoles = consoles;
    this.terminations = terminations;
  }

  /** One round. */
  Mono<Void> run() {
    return operations
        .recoverStalled()
        .then(consoles.purgeExpired())
        .then(terminations.run())
        .then();
  }

  /**
   * {@code pvepanel.control.housekeeping.*}.
   *
   * @param period how often housekeeping runs (±10 % jitter). Default 1 min.
   */
  @Validated
  @ConfigurationProperties("pvepanel.control.housekeeping")
  record Properties(@NotNull @DefaultValue("1m") Duration period) {}
}
