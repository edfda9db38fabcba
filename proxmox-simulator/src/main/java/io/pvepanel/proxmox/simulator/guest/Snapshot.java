package io.pvepanel.proxmox.simulator.guest;

import java.util.Map;

/** A stored snapshot: its metadata and a copy of the guest config at that time. */
public final class Snapshot {
  public final String name;
  public String description;
  public final long snaptime;
  public String parent;
  public String snapstate;
  public final boolean vmstate;
  public final Map<String, Object> config;

  public Snapshot(
      String name,
      String description,
      long snaptime,
      String parent,
      boolean vmstate,
      Map<String, Object> config) {
    this.name = name;
    this.description = description;
    this.snaptime = snaptime;
    this.parent = parent;
    this.vmstate = vmstate;
    this.config = config;
  }
}
