package io.pvepanel.proxmox.client;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed task id. {@link #node()} is the node running the task, which is the one to ask for task
 * status and log (it may differ from the guest's node).
 *
 * @param raw the UPID exactly as Proxmox returned it
 * @param pid worker process id
 * @param pstart process start in clock ticks since boot
 * @param startTime task start (unix epoch seconds in the UPID)
 * @param type task type, e.g. {@code vzstart}
 * @param id object id (usually the vmid), may be empty
 * @param user acting user, e.g. {@code panel@pve!ctl}
 */
public record Upid(
    String raw,
    String node,
    long pid,
    long pstart,
    Instant startTime,
    String type,
    String id,
    String user) {

  private static final Pattern UPID =
      Pattern.compile(
          "^UPID:([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):"
              + "([0-9A-Fa-f]{8}):([^:\\s/]+):([^:\\s/]*):([^:\\s/]+):$");

  /**
   * Parses a UPID.
   *
   * @throws IllegalArgumentException when the text is not a UPID
   */
  public static Upid parse(String raw) {
    Matcher m = raw == null ? null : UPID.matcher(raw);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not a UPID: " + raw);
    }
    return new Upid(
        raw,
        m.group(1),
        Long.parseLong(m.group(3), 16),
        Long.parseLong(m.group(4), 16),
        Instant.ofEpochSecond(Long.parseLong(m.group(5), 16)),
        m.group(6),
        m.group(7),
        m.group(8));
  }

  @Override
  public String toString() {
    return raw;
  }
}
