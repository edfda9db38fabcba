package io.pvepanel.control.operation;

import io.pvepanel.proxmox.client.Upid;
import reactor.core.publisher.Mono;

/** Steps more than one kind of operation takes. */
public final class GuestSteps {

  private GuestSteps() {}

  /**
   * Starts the guest unless it runs already; safe to repeat, so a start step resumed after a
   * restart does no harm when the first try reached Proxmox.
   */
  public static Step startUnlessRunning() {
    return Step.repeatable(
        "start",
        c ->
            c.client()
                .status(c.server().ref())
                .flatMap(
                    status ->
                        "running".equals(status.status())
                            ? Mono.<Upid>empty()
                            : c.client().start(c.server().ref())));
  }
}
