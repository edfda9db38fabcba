package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.http.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** All cluster state. Every method must be called while holding {@link #lock()}. */
public final class Cluster {

  /** The nodes a cluster has and the guests it starts with. */
  public interface Seed {
    List<String> nodes();

    /** Adds the initial guests; called once, by the constructor. */
    void populate(Cluster cluster, long now);
  }

  public static final long TICK_S = 10;
  public static final List<String> TEMPLATES =
      List.of(
          "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
          "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst",
          "local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz",
          "local:vztmpl/rockylinux-9-default_20240912_amd64.tar.xz");

  private final Object lock = new Object();
  private final Clock clock;
  private final List<String> nodes;
  private final Map<Integer, Guest> guests = new TreeMap<>();
  private final List<Storage> storages;
  private long version;
  private long pidCounter = 100_000;

  private long cachedTick = -1;
  private long cachedVersion = -1;
  private String cachedGuestsJson;
  private byte[] cachedVmEnvelope;

  public Cluster(Clock clock, Seed seed) {
    this.clock = clock;
    this.nodes = List.copyOf(seed.nodes());
    this.storages =
        List.of(
            new Storage(
                "local", "dir", "iso,vztmpl,backup,rootdir,images", false, 100L << 30, 12L << 30),
            new Storage("local-lvm", "lvmthin", "rootdir,images", true, 1800L << 30, 400L << 30),
            new Storage("local-zfs", "zfspool", "rootdir,images", true, 1800L << 30, 300L << 30));
    // the seed describes state that has always been so: nothing to record
    recording = false;
    seed.populate(this, now());
    recording = true;
  }

  public Object lock() {
    return lock;
  }

  /** vmids whose config file lock another process holds (injected): lock_config times out. */
  private final java.util.Set<Integer> heldFileLocks = new java.util.HashSet<>();

  public void holdFileLock(int vmid, boolean held) {
    if (held) {
      heldFileLocks.add(vmid);
    } else {
      heldFileLocks.remove(vmid);
    }
  }

  /**
   * {@code lock_config} (pve-common Tools.pm {@code lock_file_full}, 10 s): fails with {@code can't
   * lock file '<path>' - got timeout} while the lock is held. The paths are LXC/Config.pm's and
   * QemuConfig.pm's {@code config_file_lock}.
   */
  public void lockConfig(GuestType type, int vmid, io.pvepanel.proxmox.simulator.task.Task t) {
    if (heldFileLocks.contains(vmid)) {
      if (t != null) {
        t.log("trying to acquire lock...");
      }
      throw new io.pvepanel.proxmox.simulator.task.TaskFailure(
          "can't lock file '" + type.configLockFile(vmid) + "' - got timeout");
    }
  }

  public long now() {
    return clock.instant().getEpochSecond();
  }

  public Clock clock() {
    return clock;
  }

  public List<String> nodes() {
    return nodes;
  }

  public boolean hasNode(String node) {
    return nodes.contains(node);
  }

  public List<Storage> storages() {
    return storages;
  }

  public Storage storage(String id) {
    return storages.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
  }

  public Map<Integer, Guest> guests() {
    return guests;
  }

  public Guest guest(int vmid) {
    return guests.get(vmid);
  }

  public void add(Guest g) {
    guests.put(g.vmid, g);
    if (recording) {
      rrd.added(g, now());
    }
    changed();
  }

  public void remove(int vmid) {
    Guest g = guests.remove(vmid);
    if (g != null) {
      rrd.removed(g, now());
    }
    changed();
  }

  private final RrdStore rrd = new RrdStore();

  /** What pvestatd recorded. */
  public RrdStore rrd() {
    return rrd;
  }

  /**
   * Must precede every change of what RRD records (status, start time, hot, cores, memory, disk),
   * so the time before it keeps the old state.
   */
  public void beforeChange(Guest g) {
    if (recording) {
      rrd.beforeChange(g, now());
    }
  }

  private boolean recording = true;

  /** Marks state as modified so cached listings are rebuilt. */
  public void changed() {
    version++;
  }

  public long nextPid() {
    return ++pidCounter;
  }

  public void start(Guest g) {
    beforeChange(g);
    g.status = Guest.Status.RUNNING;
    g.startedAt = now();
    g.pid = nextPid();
    changed();
  }

  public void stop(Guest g) {
    beforeChange(g);
    g.status = Guest.Status.STOPPED;
    g.startedAt = 0;
    g.pid = 0;
    changed();
  }

  /** The owner-node-checked guest, or null. */
  public Guest find(String node, GuestType type, int vmid) {
    Guest g = guests.get(vmid);
    if (g == null || g.type != type || !g.node.equals(node)) {
      return null;
    }
    return g;
  }

  public int nextFreeId() {
    int id = 100;
    while (guests.containsKey(id)) {
      id++;
    }
    return id;
  }

  /** Sample time of the current pvestatd tick. */
  public long sampleTime() {
    long now = now();
    return now - Math.floorMod(now, TICK_S);
  }

  /** A guest created after the current sample has no sample yet: status unknown. */
  public boolean unsampled(Guest g) {
    return g.createdAt > sampleTime();
  }

  /** The guest part of /cluster/resources, cached per tick and state version. */
  public String guestResourcesJson() {
    long tick = sampleTime();
    if (tick != cachedTick || version != cachedVersion || cachedGuestsJson == null) {
      StringBuilder sb = new StringBuilder(guests.size() * 360 + 16);
      boolean first = true;
      for (Guest g : guests.values()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendResource(sb, g, tick);
      }
      cachedGuestsJson = sb.toString();
      cachedVmEnvelope = null;
      cachedTick = tick;
      cachedVersion = version;
    }
    return cachedGuestsJson;
  }

  /** The guests the predicate lets through, uncached (a caller who may not see every guest). */
  public String guestResourcesJson(java.util.function.IntPredicate visible) {
    long tick = sampleTime();
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (Guest g : guests.values()) {
      if (!visible.test(g.vmid)) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      appendResource(sb, g, tick);
    }
    return sb.toString();
  }

  /** {@code {"data":[...guests...]}} as bytes, cached like {@link #guestResourcesJson()}. */
  public byte[] guestResourcesEnvelope() {
    String json = guestResourcesJson();
    if (cachedVmEnvelope == null) {
      cachedVmEnvelope =
          ("{\"data\":[" + json + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return cachedVmEnvelope;
  }

  private void appendResource(StringBuilder sb, Guest g, long t) {
    sb.append("{\"id\":\"").append(g.type.path()).append('/').append(g.vmid).append('"');
    sb.append(",\"type\":\"").append(g.type.path()).append('"');
    sb.append(",\"vmid\":").append(g.vmid);
    sb.append(",\"node\":");
    Json.quote(sb, g.node);
    if (unsampled(g)) {
      sb.append(",\"status\":\"unknown\"}");
      return;
    }
    String status =
        switch (g.status) {
          case RUNNING -> "running";
          case PAUSED -> "paused";
          default -> "stopped";
        };
    sb.append(",\"status\":\"").append(status).append('"');
    sb.append(",\"name\":");
    Json.quote(sb, g.displayName());
    sb.append(",\"template\":").append(g.template ? 1 : 0);
    boolean up = g.running();
    sb.append(",\"uptime\":").append(up ? Math.max(0, t - g.startedAt) : 0);
    sb.append(",\"maxcpu\":").append(g.cores);
    double cpu = g.status == Guest.Status.RUNNING ? round(LoadModel.cpu(g, t)) : 0;
    sb.append(",\"cpu\":").append(cpu == 0 ? "0" : Double.toString(cpu));
    long maxmem = LoadModel.maxmem(g);
    long mem = up ? (long) (maxmem * LoadModel.memFraction(g, t)) : 0;
    sb.append(",\"maxmem\":").append(maxmem);
    sb.append(",\"mem\":").append(mem);
    sb.append(",\"memhost\":").append(g.type == GuestType.QEMU && up ? mem + (mem >> 5) : 0);
    sb.append(",\"maxdisk\":").append(LoadModel.maxdisk(g));
    sb.append(",\"disk\":").append(up ? LoadModel.disk(g) : 0);
    sb.append(",\"netin\":").append(LoadModel.counter(g, 0, t));
    sb.append(",\"netout\":").append(LoadModel.counter(g, 1, t));
    sb.append(",\"diskread\":").append(LoadModel.counter(g, 2, t));
    sb.append(",\"diskwrite\":").append(LoadModel.counter(g, 3, t));
    if (g.lock != null) {
      sb.append(",\"lock\":");
      Json.quote(sb, g.lock);
    }
    if (g.tags != null && !g.tags.isEmpty()) {
      sb.append(",\"tags\":");
      Json.quote(sb, g.tags);
    }
    sb.append('}');
  }

  public static double round(double d) {
    return Math.round(d * 10_000d) / 10_000d;
  }

  public List<Guest> onNode(String node, GuestType type) {
    List<Guest> out = new ArrayList<>();
    for (Guest g : guests.values()) {
      if (g.node.equals(node) && g.type == type) {
        out.add(g);
      }
    }
    return out;
  }
}
