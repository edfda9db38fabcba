package io.pvepanel.proxmox.simulator.guest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What pvestatd recorded per vmid ({@code pve-vm-9.0/<vmid>}): the guest's state over time, kept as
 * it was, so a later stop, cool-down or config change never rewrites the past. Only changes cost
 * memory: a guest that never changed is read live. A file exists from the first pvestatd tick after
 * its guest appeared and outlives the guest (PVE keeps RRD files of destroyed guests; a reused vmid
 * writes on into the same file). Guarded by the simulator's state lock.
 */
public final class RrdStore {

  /** A past state, valid in [since, until); {@code state} null = no guest then. */
  private record Span(long since, long until, Guest state) {}

  private static final class File {
    long created;
    final List<Span> past = new ArrayList<>(2);
    long goneSince = -1;

    long lastUntil() {
      return past.isEmpty() ? Long.MIN_VALUE : past.get(past.size() - 1).until;
    }
  }

  private final Map<Integer, File> files = new HashMap<>();

  /** The first pvestatd tick (10 s) after {@code t}: when the guest's RRD file is written. */
  static long firstTickAfter(long t) {
    return (Math.floorDiv(t, Cluster.TICK_S) + 1) * Cluster.TICK_S;
  }

  /** Call before a change of status, hot, cores, memory or disk: keeps the state until now. */
  public void beforeChange(Guest g, long now) {
    File f = files.computeIfAbsent(g.vmid, k -> newFile(g));
    long since = f.lastUntil();
    if (now > since) {
      f.past.add(new Span(since, now, g.copyForRrd()));
    }
  }

  private static File newFile(Guest g) {
    File f = new File();
    f.created = firstTickAfter(g.createdAt);
    return f;
  }

  /** The guest was removed now; its file stays. */
  void removed(Guest g, long now) {
    beforeChange(g, now);
    files.get(g.vmid).goneSince = now;
  }

  /** A guest (re)appears under this vmid; a gap since a removal is recorded as empty. */
  void added(Guest g, long now) {
    File f = files.get(g.vmid);
    if (f != null && f.goneSince >= 0) {
      if (now > f.goneSince) {
        f.past.add(new Span(f.goneSince, now, null));
      }
      f.goneSince = -1;
    }
  }

  /** When the vmid's RRD file was first written, or {@code Long.MAX_VALUE} if never. */
  long created(int vmid, Guest live) {
    File f = files.get(vmid);
    if (f != null) {
      return f.created;
    }
    return live == null ? Long.MAX_VALUE : firstTickAfter(live.createdAt);
  }

  /** The guest state recorded for second {@code t} (null: no guest), {@code live} after changes. */
  Guest stateAt(int vmid, long t, Guest live) {
    File f = files.get(vmid);
    if (f == null) {
      return live;
    }
    if (t >= f.lastUntil()) {
      return f.goneSince >= 0 ? null : live;
    }
    int lo = 0;
    int hi = f.past.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (f.past.get(mid).until <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return f.past.get(lo).state;
  }
}
