package io.pvepanel.proxmox.simulator.guest;

/** LXC container or QEMU VM, with the words PVE uses for each in messages. */
public enum GuestType {
  LXC("lxc", "CT"),
  QEMU("qemu", "VM");

  private final String path;
  private final String word;

  GuestType(String path, String word) {
    this.path = path;
    this.word = word;
  }

  /** {@code lxc} or {@code qemu}, as in paths and {@code /cluster/resources}. */
  public String path() {
    return path;
  }

  /** {@code CT} or {@code VM}, as in error messages. */
  public String word() {
    return word;
  }

  public String configFile(String node, int vmid) {
    return "Configuration file 'nodes/"
        + node
        + "/"
        + (this == LXC ? "lxc" : "qemu-server")
        + "/"
        + vmid
        + ".conf' does not exist";
  }
}
