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

  /** The flock file of {@code lock_config}: LXC/Config.pm, QemuConfig.pm config_file_lock. */
  public String configLockFile(int vmid) {
    return this == LXC
        ? "/run/lock/lxc/pve-config-" + vmid + ".lock"
        : "/var/lock/qemu-server/lock-" + vmid + ".conf";
  }

  /** QemuConfig.pm assert_config_exists_on_node (via check_running). */
  public static String notOnNode(int vmid, String node) {
    return "unable to find configuration file for VM " + vmid + " on node '" + node + "'";
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
