package io.pvepanel.proxmox.simulator.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** A failure that the API reports with a status, a message and optionally per-parameter errors. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final Map<String, String> errors;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  public ApiException(int status, String message, Map<String, String> errors) {
    super(message, null, false, false);
    this.status = status;
    this.errors = errors;
  }

  /** Like PVE's {@code die "...\n"} in a handler: HTTP 500 with the message. */
  public static ApiException fail(String message) {
    return new ApiException(500, message);
  }

  /**
   * Like PVE's {@code raise_param_exc}: 400 "Parameter verification failed." with an errors map.
   */
  public static ApiException param(String name, String message) {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put(name, message);
    return param(errors);
  }

  public static ApiException param(Map<String, String> errors) {
    return new ApiException(400, "Parameter verification failed.", errors);
  }

  public int status() {
    return status;
  }

  public Map<String, String> errors() {
    return errors;
  }
}
