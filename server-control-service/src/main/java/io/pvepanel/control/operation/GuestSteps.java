package io.pvepanel.control.operation;

import io.pvepanel.control.server.Server;
import io.pvepanel.proxmox.client.ProxmoxApiException;
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

  /**
   * Stops the guest when it runs (a hard stop: the provider's and the panel's own actions do not
   * wait for the guest's consent); safe to repeat. A server without a guest yet, or whose guest is
   * gone, has nothing to stop.
   */
  public static Step stopIfRunning() {
    return Step.repeatable(
        "stop",
        c -> {
          Server server = c.server();
          if (!server.placed()) {
            return Mono.<Upid>empty();
          }
          return c.client()
              .status(server.ref())
              .flatMap(
                  status ->
                      "running".equals(status.status())
                          ? c.client().stop(server.ref())
                          : Mono.<Upid>empty())
              .onErrorResume(ProxmoxApiException.NotFound.class, e -> Mono.empty());
        });
  }
}
