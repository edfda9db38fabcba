package io.pvepanel.proxmox.simulator.http;

import io.pvepanel.proxmox.simulator.auth.Principal;
import java.util.Map;
import reactor.netty.http.server.HttpServerRequest;

/** A validated API call: typed parameters, the caller and the underlying Netty request. */
public final class ApiRequest {

  private final String method;
  private final String path;
  private final Map<String, Object> values;
  private final Principal principal;
  private final HttpServerRequest netty;

  ApiRequest(
      String method,
      String path,
      Map<String, Object> values,
      Principal principal,
      HttpServerRequest netty) {
    this.method = method;
    this.path = path;
    this.values = values;
    this.principal = principal;
    this.netty = netty;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public Principal principal() {
    return principal;
  }

  public HttpServerRequest netty() {
    return netty;
  }

  public boolean isWebsocketUpgrade() {
    String upgrade = netty == null ? null : netty.requestHeaders().get("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String node() {
    return str("node");
  }

  public int vmid() {
    return (int) integer("vmid", 0);
  }

  public String str(String name) {
    Object v = values.get(name);
    return v == null ? null : v.toString();
  }

  public String str(String name, String def) {
    String v = str(name);
    return v == null ? def : v;
  }

  public long integer(String name, long def) {
    Object v = values.get(name);
    return v instanceof Number n ? n.longValue() : def;
  }

  public double number(String name, double def) {
    Object v = values.get(name);
    return v instanceof Number n ? n.doubleValue() : def;
  }

  public boolean bool(String name) {
    return Boolean.TRUE.equals(values.get(name));
  }

  public Map<String, Object> values() {
    return values;
  }
}
