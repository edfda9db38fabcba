package io.pvepanel.proxmox.simulator.task;

import java.util.ArrayList;
import java.util.List;

/** A worker task as PVE's task list knows it. Mutated under the state lock only. */
public final class Task {
  public final String upid;
  public final String node;
  public final long pid;
  public final long pstart;
  public final long starttime;
  public final String type;
  public final String id;
  public final String userid;
  public final String tokenName;
  final List<String> lines = new ArrayList<>();
  String exitstatus;
  long endtime;
  String pendingError;
  int warnings;

  Task(
      String upid,
      String node,
      long pid,
      long pstart,
      long starttime,
      String type,
      String id,
      String userid,
      String tokenName) {
    this.upid = upid;
    this.node = node;
    this.pid = pid;
    this.pstart = pstart;
    this.starttime = starttime;
    this.type = type;
    this.id = id;
    this.userid = userid;
    this.tokenName = tokenName;
  }

  public void log(String line) {
    lines.add(line);
  }

  /**
   * pve-common RESTEnvironment.pm {@code log_warn}: a {@code WARN: } line; a task that then ends
   * without error ends {@code TASK WARNINGS: n}.
   */
  public void warn(String message) {
    lines.add("WARN: " + message);
    warnings++;
  }

  public boolean running() {
    return exitstatus == null;
  }

  public String exitstatus() {
    return exitstatus;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }
}
