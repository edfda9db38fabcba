package io.pvepanel.control.password;

import io.pvepanel.control.ControlProperties;
import io.pvepanel.control.operation.Operation;
import io.pvepanel.control.operation.OperationHandler;
import io.pvepanel.control.operation.OperationKind;
import io.pvepanel.control.operation.Step;
import io.pvepanel.control.server.Server;
import io.pvepanel.events.ServerEvent;
import io.pvepanel.events.Topics;
import io.pvepanel.outbox.Outbox;
import io.pvepanel.proxmox.client.GuestType;
import io.pvepanel.proxmox.client.Upid;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A password change: one step without a Proxmox task. Containers get the password through SSH to
 * their node ({@code pct exec <vmid> -- chpasswd}, password on stdin), VMs through the guest agent.
 * The new password goes only to whoever waits for it under the operation's {@link #HANDOFF} key;
 * with nobody waiting (the caller hung up, or the operation resumed elsewhere) it reaches no one
 * and is kept nowhere.
 */
@Component
class PasswordOperations implements OperationHandler {

  /** Parameter: the key under which the caller waits for the password (not a secret). */
  static final String HANDOFF = "handoff";

  private final PasswordGenerator generator;
  private final ControlProperties properties;
  private final Outbox outbox;
  private final Clock clock;
  private final Map<String, Consumer<PasswordService.NewPassword>> waiting =
      new ConcurrentHashMap<>();

  PasswordOperations(
      PasswordGenerator generator, ControlProperties properties, Outbox outbox, Clock clock) {
    this.generator = generator;
    this.properties = properties;
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public Set<OperationKind> kinds() {
    return Set.of(OperationKind.PASSWORD_CHANGE);
  }

  /** Registers who receives the password of the change with {@code handoff}. */
  void await(String handoff, Consumer<PasswordService.NewPassword> receiver) {
    waiting.put(handoff, receiver);
  }

  void forget(String handoff) {
    waiting.remove(handoff);
  }

  @Override
  public List<Step> steps(Operation op) {
    String handoff = op.params().get(HANDOFF);
    return List.of(
        Step.once(
            "set password",
            c ->
                Mono.defer(
                    () -> {
                      char[] generated = generator.generate(properties.passwordLength());
                      String password = new String(generated);
                      Arrays.fill(generated, '\0');
                      Server server = c.server();
                      Mono<String> set =
                          server.type() == GuestType.LXC
                              ? c.client()
                                  .setLxcRootPassword(server.ref(), password)
                                  .thenReturn("root")
                              : c.client()
                                  .config(server.ref())
                                  .map(PasswordOperations::agentAccount)
                                  .flatMap(
                                      user ->
                                          c.client()
                                              .setQemuUserPassword(server.ref(), user, password)
                                              .thenReturn(user));
                      return set.flatMap(
                              user ->
                                  Mono.fromRunnable(
                                      () -> {
                                        Consumer<PasswordService.NewPassword> receiver =
                                            handoff == null ? null : waiting.remove(handoff);
                                        if (receiver != null) {
                                          receiver.accept(
                                              new PasswordService.NewPassword(user, password));
                                        }
                                      }))
                          .then(Mono.<Upid>empty());
                    })));
  }

  /**
   * The account the guest agent sets: {@code Administrator} on Windows ({@code ostype} {@code
   * win*}, {@code w2k*}, {@code wxp}), else {@code root}. The agent answers {@code Agent error: …}
   * for a user the guest does not have, so "root" cannot serve Windows VMs.
   */
  static String agentAccount(Map<String, Object> config) {
    Object ostype = config.get("ostype");
    String os = ostype == null ? "" : ostype.toString();
    return os.startsWith("win") || os.startsWith("w2k") || os.equals("wxp")
        ? "Administrator"
        : "root";
  }

  @Override
  public Mono<Void> onSuccess(Server server, Operation op) {
    return outbox.append(
        Topics.SERVER_EVENTS,
        server.event(ServerEvent.PASSWORD_CHANGED, clock.instant(), null, null));
  }
}
