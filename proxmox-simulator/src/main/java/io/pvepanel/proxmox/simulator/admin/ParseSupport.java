package io.pvepanel.proxmox.simulator.admin;

import io.pvepanel.proxmox.simulator.http.ApiServer;
import java.util.Map;

final class ParseSupport {
  private ParseSupport() {}

  static Map<String, Object> parse(String contentType, byte[] body) {
    return ApiServer.parseBody(contentType, body);
  }
}
