package io.pvepanel.proxmox.simulator.auth;

import java.util.List;

/**
 * A route's {@code permissions} as its API schema declares them (checked by pve-manager {@code
 * PVE/HTTPServer.pm} {@code rest_handler} through {@code RPCEnvironment::check_api2_permissions}
 * before parameters are verified and before the call is proxied to its node).
 *
 * @param kind ALL ({@code user => 'all'}: anyone, checks inside), PERM ({@code check => ['perm',
 *     path, privs, any => ...]}) or ROOT_ONLY (no permissions declared)
 * @param pathTemplate ACL path with {@code {vmid}}, {@code {node}}, {@code {storage}}
 * @param privileges all of them (or one of them when {@code any})
 * @param any {@code any => 1}
 */
public record Permission(Kind kind, String pathTemplate, List<Privilege> privileges, boolean any) {

  /** How a route is guarded. */
  public enum Kind {
    ALL,
    PERM,
    ROOT_ONLY
  }

  public static Permission all() {
    return new Permission(Kind.ALL, null, List.of(), false);
  }

  public static Permission rootOnly() {
    return new Permission(Kind.ROOT_ONLY, null, List.of(), false);
  }

  /** Every privilege on the path. */
  public static Permission perm(String pathTemplate, Privilege... privileges) {
    return new Permission(Kind.PERM, pathTemplate, List.of(privileges), false);
  }

  /** One of the privileges on the path. */
  public static Permission any(String pathTemplate, Privilege... privileges) {
    return new Permission(Kind.PERM, pathTemplate, List.of(privileges), true);
  }
}
