package io.pvepanel.proxmox.simulator.guest;

/**
 * Deterministic, plausible usage figures: a pure function of vmid, time and the guest's state so
 * that repeated runs (and RRD vs. resources) agree without storing history.
 */
public final class LoadModel {

  private LoadModel() {}

  static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }

  /** Uniform in [0,1) for (vmid, bucket, salt). */
  public static double unit(long vmid, long bucket, int salt) {
    return (mix(vmid * 1_000_003L + bucket * 7_919L + salt * 104_729L) >>> 11) * 0x1.0p-53;
  }

  /** CPU usage as a fraction of maxcpu at epoch second t (per-minute variation). */
  public static double cpu(Guest g, long t) {
    if (g.hotSince >= 0 && t >= g.hotSince) {
      return 0.95 + 0.045 * unit(g.vmid, t / 60, 1);
    }
    double base = 0.005 + 0.25 * unit(g.vmid, 0, 2);
    return Math.min(0.9, base * (0.5 + unit(g.vmid, t / 60, 3)));
  }

  public static double memFraction(Guest g, long t) {
    double base = 0.15 + 0.45 * unit(g.vmid, 0, 4);
    return Math.min(0.98, base * (0.9 + 0.2 * unit(g.vmid, t / 60, 5)));
  }

  public static long maxmem(Guest g) {
    return g.memoryMiB * 1024L * 1024L;
  }

  public static long maxdisk(Guest g) {
    return g.diskGiB * 1024L * 1024L * 1024L;
  }

  /** LXC rootfs usage (bytes); QEMU reports 0 like PVE. */
  public static long disk(Guest g) {
    if (g.type == GuestType.QEMU) {
      return 0;
    }
    return (long) (maxdisk(g) * (0.08 + 0.5 * unit(g.vmid, 0, 6)));
  }

  /** Mean rate in bytes/s for counter index 0=netin 1=netout 2=diskread 3=diskwrite. */
  public static double baseRate(Guest g, int which) {
    double scale = which < 2 ? 200_000 : 50_000;
    return 200 + scale * unit(g.vmid, 0, 10 + which) * unit(g.vmid, 1, 10 + which);
  }

  public static double rate(Guest g, int which, long t) {
    double r = baseRate(g, which) * (0.6 + 0.8 * unit(g.vmid, t / 60, 20 + which));
    if (g.hotSince >= 0 && t >= g.hotSince && which >= 2) {
      r *= 3;
    }
    return r;
  }

  /** Cumulative counter since start: grows monotonically with uptime. */
  public static long counter(Guest g, int which, long t) {
    if (!g.running()) {
      return 0;
    }
    long up = Math.max(0, t - g.startedAt);
    return (long) (baseRate(g, which) * up);
  }

  public static double pressure(Guest g, long t, int salt) {
    return Math.round(unit(g.vmid, t / 60, 40 + salt) * (g.hot() ? 2000 : 50)) / 100.0;
  }

  /** Used bytes of a QEMU guest's root filesystem as its guest agent reports them. */
  public static long agentDiskUsed(Guest g, long total) {
    return (long) (total * (0.08 + 0.5 * unit(g.vmid, 0, 6)));
  }
}
