package io.pvepanel.proxmox.simulator.auth;

/**
 * The authenticated caller. {@code userid} is e.g. {@code root@pam} or {@code panel@pve}; {@code
 * tokenName} is set for API tokens (e.g. {@code ctl}).
 */
public record Principal(String userid, String tokenName, boolean ticket) {

  /** The acting user as PVE prints it in UPIDs and console answers: {@code panel@pve!ctl}. */
  public String actor() {
    return tokenName == null ? userid : userid + "!" + tokenName;
  }

  public boolean isRootPam() {
    return tokenName == null && "root@pam".equals(userid);
  }
}
