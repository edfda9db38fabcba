package io.pvepanel.proxmox.simulator.task;

/** Makes a task end with {@code exitstatus} = the message (and {@code TASK ERROR: message}). */
public final class TaskFailure extends RuntimeException {
  public TaskFailure(String message) {
    super(message, null, false, false);
  }
}
