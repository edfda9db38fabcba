package io.pvepanel.proxmox.simulator.admin;

import io.pvepanel.proxmox.simulator.GuestView;
import io.pvepanel.proxmox.simulator.SshEndpoint;
import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.fault.Faults;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The simulator's Java test hooks that {@link AdminApi} serves over HTTP; {@code ProxmoxSimulator}
 * implements them (see there for what each does).
 */
public interface TestHooks {

  String baseUrl();

  String tokenId();

  String tokenSecret();

  String apiTokenHeaderValue();

  String rootPassword();

  String tlsFingerprint();

  List<String> nodes();

  Map<String, SshEndpoint> sshEndpoints();

  GuestView guest(int vmid);

  List<GuestView> guests();

  void setHot(int vmid, boolean hot);

  void setLock(int vmid, String lock);

  void holdConfigFileLock(int vmid, boolean held);

  void setAgentResponding(int vmid, boolean responding);

  boolean passwordMatches(int vmid, String candidate);

  int passwordChangeCount(int vmid);

  Faults faults();

  long requestCount(String method, String routeTemplate);

  Map<String, Long> requestCounts();

  void resetCounters();

  void advanceClock(Duration d);

  Clock clock();

  AccessControl access();
}
