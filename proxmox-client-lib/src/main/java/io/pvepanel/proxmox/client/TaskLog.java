package io.pvepanel.proxmox.client;

import java.util.List;

/**
 * A page of a task log.
 *
 * @param lines lines in order; {@link Line#n()} is 1-based
 * @param total number of lines in the whole log file
 */
public record TaskLog(List<Line> lines, int total) {

  public TaskLog {
    lines = List.copyOf(lines);
  }

  /** One log line. */
  public record Line(int n, String t) {}
}
