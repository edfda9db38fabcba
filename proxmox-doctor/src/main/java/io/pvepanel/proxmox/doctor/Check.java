package io.pvepanel.proxmox.doctor;

/**
 * One line of the report.
 *
 * @param status OK, WARN or FAIL
 * @param cluster the configured cluster's name
 * @param name what was checked, e.g. {@code privilege VM.PowerMgmt}
 * @param detail what was found
 * @param fix what to change (WARN/FAIL), or null
 */
public record Check(Status status, String cluster, String name, String detail, String fix) {

  /** Outcome of a check; any FAIL makes the exit code non-zero. */
  public enum Status {
    OK,
    WARN,
    FAIL
  }

  static Check ok(String cluster, String name, String detail) {
    return new Check(Status.OK, cluster, name, detail, null);
  }

  static Check warn(String cluster, String name, String detail, String fix) {
    return new Check(Status.WARN, cluster, name, detail, fix);
  }

  static Check fail(String cluster, String name, String detail, String fix) {
    return new Check(Status.FAIL, cluster, name, detail, fix);
  }

  /** {@code FAIL fra1 privilege VM.Console: missing on /vms -> grant ...}. */
  public String line() {
    return String.format(
        "%-4s %s %s: %s%s", status, cluster, name, detail, fix == null ? "" : " -> " + fix);
  }
}
