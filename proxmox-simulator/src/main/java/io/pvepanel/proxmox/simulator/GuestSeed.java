package io.pvepanel.proxmox.simulator;

import io.pvepanel.proxmox.simulator.guest.Cluster;
import io.pvepanel.proxmox.simulator.guest.Guest;
import io.pvepanel.proxmox.simulator.guest.GuestType;
import io.pvepanel.proxmox.simulator.guest.LoadModel;
import io.pvepanel.proxmox.simulator.guest.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** The nodes and guests a simulator starts with. */
public final class GuestSeed implements Cluster.Seed {

  private final List<String> nodes;
  private final int generated;

  private GuestSeed(List<String> nodes, int generated) {
    this.nodes = nodes;
    this.generated = generated;
  }

  /**
   * Two nodes {@code pve1}/{@code pve2}: LXC 101 web01 (running, pve1, local-lvm, snapshot {@code
   * before-upgrade}), 102 db01 (stopped, pve2), 103 hot01 (running hot, pve1, local-zfs), 104
   * files01 (stopped, pve1, on the non-snapshot-capable {@code local} dir storage), 105 app02
   * (running, pve2); QEMU 200 win01 (running, pve1, guest agent), 201 vm-noagent (stopped, pve2, no
   * agent).
   */
  public static GuestSeed demo() {
    return new GuestSeed(List.of("pve1", "pve2"), -1);
  }

  /** {@code count} guests (ids from 100, ~90 % LXC, ~70 % running) on one node per 500 guests. */
  public static GuestSeed generated(int count) {
    return generated(count, Math.max(2, Math.min(20, count / 500)));
  }

  public static GuestSeed generated(int count, int nodeCount) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= nodeCount; i++) {
      names.add("pve" + i);
    }
    return new GuestSeed(List.copyOf(names), count);
  }

  /** Nodes without guests. */
  public static GuestSeed empty(String... nodes) {
    return new GuestSeed(List.of(nodes), 0);
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  /** Fills the cluster; called by the simulator at start-up. */
  @Override
  public void populate(Cluster cluster, long now) {
    if (generated < 0) {
      demo(cluster, now);
      return;
    }
    for (int i = 0; i < generated; i++) {
      int vmid = 100 + i;
      boolean qemu = LoadModel.unit(vmid, 0, 90) < 0.1;
      Guest g = new Guest(vmid, qemu ? GuestType.QEMU : GuestType.LXC, nodes.get(i % nodes.size()));
      g.name = (qemu ? "vm" : "ct") + vmid;
      g.cores = 1 + (int) (LoadModel.unit(vmid, 0, 91) * 4);
      g.memoryMiB = 512 << (int) (LoadModel.unit(vmid, 0, 92) * 4);
      g.swapMiB = qemu ? 0 : 512;
      g.storage = LoadModel.unit(vmid, 0, 93) < 0.5 ? "local-lvm" : "local-zfs";
      g.diskGiB = 8 << (int) (LoadModel.unit(vmid, 0, 94) * 3);
      g.agent = qemu;
      g.tags = "cust-" + (vmid % 997);
      g.createdAt = now - 400L * 86400;
      if (LoadModel.unit(vmid, 0, 95) < 0.7) {
        g.status = Guest.Status.RUNNING;
        g.startedAt = now - 600 - (long) (LoadModel.unit(vmid, 0, 96) * 30 * 86400);
        g.pid = cluster.nextPid();
      }
      cluster.add(g);
    }
  }

  private static void demo(Cluster c, long now) {
    Guest web = lxc(c, now, 101, "pve1", "web01", 2, 2048, "local-lvm", 20, true, 86400, "cust-42");
    web.snapshots.put(
        "before-upgrade",
        new Snapshot(
            "before-upgrade", "pre apt upgrade", now - 7 * 86400, null, false, web.config()));
    web.parent = "before-upgrade";
    lxc(c, now, 102, "pve2", "db01", 1, 512, "local-lvm", 8, false, 0, "cust-43");
    Guest hot = lxc(c, now, 103, "pve1", "hot01", 2, 1024, "local-zfs", 16, true, 7200, "cust-44");
    hot.hotSince = now - 3600;
    lxc(c, now, 104, "pve1", "files01", 1, 1024, "local", 32, false, 0, "cust-45");
    lxc(c, now, 105, "pve2", "app02", 4, 4096, "local-zfs", 32, true, 3 * 86400, "cust-46");

    Guest win = new Guest(200, GuestType.QEMU, "pve1");
    win.name = "win01";
    win.cores = 4;
    win.memoryMiB = 8192;
    win.storage = "local-lvm";
    win.diskGiB = 64;
    win.ostype = "win11";
    win.agent = true;
    win.tags = "cust-47";
    win.createdAt = now - 400L * 86400;
    c.add(win);
    c.start(win);
    win.startedAt = now - 5000;

    Guest plain = new Guest(201, GuestType.QEMU, "pve2");
    plain.name = "vm-noagent";
    plain.cores = 2;
    plain.memoryMiB = 2048;
    plain.storage = "local-zfs";
    plain.diskGiB = 32;
    plain.createdAt = now - 400L * 86400;
    c.add(plain);
  }

  private static Guest lxc(
      Cluster c,
      long now,
      int vmid,
      String node,
      String name,
      int cores,
      int memory,
      String storage,
      int disk,
      boolean running,
      long uptime,
      String tags) {
    Guest g = new Guest(vmid, GuestType.LXC, node);
    g.name = name;
    g.cores = cores;
    g.memoryMiB = memory;
    g.swapMiB = 512;
    g.storage = storage;
    g.diskGiB = disk;
    g.tags = tags;
    g.ostemplate = Cluster.TEMPLATES.get(0);
    g.createdAt = now - 400L * 86400;
    c.add(g);
    if (running) {
      c.start(g);
      g.startedAt = now - uptime;
    }
    return g;
  }
}
