package io.pvepanel.proxmox.simulator.auth;

import io.pvepanel.proxmox.simulator.http.ApiException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * user.cfg of the simulated cluster: roles, ACLs, pools and the API token's privilege separation,
 * evaluated as pve-access-control {@code PVE/RPCEnvironment.pm} ({@code permissions}, {@code
 * compile_acl_path}, {@code check}, {@code check_any}, {@code check_vm_perm}, {@code
 * get_effective_permissions}) and {@code PVE/AccessControl.pm} ({@code roles}: the deepest ACL
 * along the path that names the user or token replaces the ones above it; an ACL above the path
 * only counts with propagate) do.
 *
 * <p>{@code root@pam} (a ticket) may do anything. The simulated token {@code user@realm!tokenid}
 * with {@code privsep=0} has its user's privileges; with {@code privsep=1} the intersection of the
 * user's and its own. Thread-safe (all methods synchronise on this object).
 */
public final class AccessControl {

  /** One ACL line: {@code acl:<propagate>:<path>:<subject>:<role>:}. */
  public record AclEntry(String path, String subject, String role, boolean propagate) {}

  /** A pool: its guests and storages (pool ACLs apply to them, without propagation). */
  public record Pool(String id, Set<Integer> vms, Set<String> storages) {}

  /** The starting configuration (from {@code SimulatorConfig}); {@link #reset()} returns to it. */
  public record Setup(
      boolean privsep,
      Map<String, List<String>> customRoles,
      List<AclEntry> acl,
      List<Pool> pools) {}

  private final int major;
  private final String tokenId;
  private final String tokenUser;
  private final Setup initial;
  private final Map<String, Set<Privilege>> builtIn;
  private final Map<String, Set<Privilege>> custom = new LinkedHashMap<>();
  // path -> subject -> role -> propagate
  private final Map<String, Map<String, Map<String, Boolean>>> acl = new TreeMap<>();
  private final Map<String, Pool> pools = new TreeMap<>();
  private boolean privsep;

  public AccessControl(int major, String tokenId, Setup setup) {
    this.major = major;
    this.tokenId = tokenId;
    this.tokenUser = tokenId.substring(0, tokenId.indexOf('!'));
    this.builtIn = Roles.builtIn(major);
    this.initial = setup;
    reset();
  }

  /**
   * The default: the token's user holds {@code Administrator} on {@code /} and the token is not
   * privilege-separated, so it may do anything (as the simulator always allowed).
   */
  public static Setup fullRights(String tokenId) {
    String user = tokenId.substring(0, tokenId.indexOf('!'));
    return new Setup(
        false, Map.of(), List.of(new AclEntry("/", user, Roles.ADMINISTRATOR, true)), List.of());
  }

  /** The PVE major whose privileges apply (8 or 9). */
  public int pveMajor() {
    return major;
  }

  public String tokenId() {
    return tokenId;
  }

  /** Back to the configured roles, ACLs, pools and privsep flag. */
  public synchronized void reset() {
    custom.clear();
    acl.clear();
    pools.clear();
    privsep = initial.privsep();
    initial.customRoles().forEach((name, privs) -> role(name, privs));
    initial.acl().forEach(e -> grant(e.path(), e.subject(), e.role(), e.propagate()));
    initial.pools().forEach(p -> pool(p.id(), p.vms(), p.storages()));
  }

  /** {@code pveum user token modify <user> <token> --privsep 0|1}. */
  public synchronized void privsep(boolean on) {
    this.privsep = on;
  }

  public synchronized boolean privsep() {
    return privsep;
  }

  /** {@code pveum role add|modify <name> --privs ...}: a custom role (replaces its privileges). */
  public synchronized void role(String name, Collection<String> privileges) {
    if (builtIn.containsKey(name)) {
      throw new IllegalArgumentException("cannot modify special role '" + name + "'");
    }
    EnumSet<Privilege> set = EnumSet.noneOf(Privilege.class);
    for (String p : privileges) {
      set.add(Privilege.of(p, major));
    }
    custom.put(name, set);
  }

  public synchronized void deleteRole(String name) {
    if (custom.remove(name) == null) {
      throw new IllegalArgumentException("role '" + name + "' does not exist");
    }
    acl.values().forEach(bySubject -> bySubject.values().forEach(roles -> roles.remove(name)));
  }

  /**
   * {@code pveum acl modify <path> --roles <role> --users|--tokens <subject> [--propagate 0]}. The
   * subject is a user ({@code panel@pve}) or a token ({@code panel@pve!ctl}).
   */
  public synchronized void grant(String path, String subject, String role, boolean propagate) {
    if (!builtIn.containsKey(role) && !custom.containsKey(role)) {
      throw new IllegalArgumentException("role '" + role + "' does not exist");
    }
    acl.computeIfAbsent(normalize(path), k -> new TreeMap<>())
        .computeIfAbsent(subject, k -> new LinkedHashMap<>())
        .put(role, propagate);
  }

  /** {@code pveum acl delete <path> --roles <role> ...}; a null role removes all of them. */
  public synchronized void revoke(String path, String subject, String role) {
    Map<String, Map<String, Boolean>> bySubject = acl.get(normalize(path));
    if (bySubject == null || !bySubject.containsKey(subject)) {
      return;
    }
    if (role == null) {
      bySubject.remove(subject);
    } else {
      bySubject.get(subject).remove(role);
    }
  }

  /** {@code pveum pool add|modify}: replaces the pool's members. */
  public synchronized void pool(String id, Collection<Integer> vms, Collection<String> storages) {
    pools.put(id, new Pool(id, Set.copyOf(vms), Set.copyOf(storages)));
  }

  public synchronized boolean poolExists(String id) {
    return pools.containsKey(id);
  }

  /** The pool a guest belongs to, or null. */
  public synchronized String poolOf(int vmid) {
    for (Pool p : pools.values()) {
      if (p.vms().contains(vmid)) {
        return p.id();
      }
    }
    return null;
  }

  /** Adds a new guest to a pool ({@code pool=} on create). */
  public synchronized void addToPool(String id, int vmid) {
    Pool p = pools.get(id);
    Set<Integer> vms = new TreeSet<>(p.vms());
    vms.add(vmid);
    pools.put(id, new Pool(id, Set.copyOf(vms), p.storages()));
  }

  /** The ACL lines, roles and pools, for {@code GET /_sim/access}. */
  public synchronized Map<String, Object> dump() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pveVersion", major);
    m.put("tokenId", tokenId);
    m.put("privsep", privsep ? 1 : 0);
    List<Map<String, Object>> lines = new ArrayList<>();
    acl.forEach(
        (path, bySubject) ->
            bySubject.forEach(
                (subject, roles) ->
                    roles.forEach(
                        (role, prop) -> {
                          Map<String, Object> l = new LinkedHashMap<>();
                          l.put("path", path);
                          l.put(subject.contains("!") ? "token" : "user", subject);
                          l.put("roleid", role);
                          l.put("propagate", prop ? 1 : 0);
                          lines.add(l);
                        })));
    m.put("acl", lines);
    Map<String, Object> roles = new LinkedHashMap<>();
    builtIn.forEach((k, v) -> roles.put(k, names(v)));
    custom.forEach((k, v) -> roles.put(k, names(v)));
    m.put("roles", roles);
    m.put("pools", List.copyOf(pools.values()));
    return m;
  }

  private static List<String> names(Set<Privilege> privs) {
    return privs.stream().map(Privilege::pveName).toList();
  }

  // ---- evaluation --------------------------------------------------------------------------

  /** The caller's id as PVE's ACLs name it: {@code root@pam}, {@code panel@pve!ctl}. */
  static String authid(Principal p) {
    return p.actor();
  }

  /**
   * RPCEnvironment {@code permissions}: privilege → propagate flag on the path. Unknown tokens and
   * users have nothing.
   */
  public synchronized Map<Privilege, Boolean> permissions(String authid, String path) {
    String p = normalize(path);
    if (authid.equals("root@pam")) {
      Map<Privilege, Boolean> all = new EnumMap<>(Privilege.class);
      builtIn.get(Roles.ADMINISTRATOR).forEach(x -> all.put(x, true));
      return all;
    }
    int bang = authid.indexOf('!');
    if (bang >= 0) {
      if (!authid.equals(tokenId)) {
        return new EnumMap<>(Privilege.class);
      }
      Map<Privilege, Boolean> userPrivs = compile(authid.substring(0, bang), p);
      if (!privsep) {
        return userPrivs;
      }
      Map<Privilege, Boolean> own = compile(authid, p);
      Map<Privilege, Boolean> both = new EnumMap<>(Privilege.class);
      own.forEach(
          (priv, prop) -> {
            Boolean u = userPrivs.get(priv);
            if (u != null) {
              both.put(priv, u && prop);
            }
          });
      return both;
    }
    if (!authid.equals(tokenUser)) {
      return new EnumMap<>(Privilege.class);
    }
    return compile(authid, p);
  }

  /** compile_acl_path: roles along the path, roles from pools, then their privileges. */
  private Map<Privilege, Boolean> compile(String subject, String path) {
    Map<String, Boolean> roles = roles(subject, path);
    Map<String, Boolean> poolRoles = poolRoles(subject, path);
    if (poolRoles != null && !roles.containsKey(Roles.NO_ACCESS)) {
      if (poolRoles.containsKey(Roles.NO_ACCESS)) {
        roles = Map.of(Roles.NO_ACCESS, false);
      } else {
        Map<String, Boolean> merged = new LinkedHashMap<>(roles);
        // pool-derived roles never propagate
        poolRoles.keySet().forEach(r -> merged.putIfAbsent(r, false));
        roles = merged;
      }
    }
    Map<Privilege, Boolean> privs = new EnumMap<>(Privilege.class);
    roles.forEach(
        (role, prop) -> {
          Set<Privilege> set = builtIn.containsKey(role) ? builtIn.get(role) : custom.get(role);
          if (set != null) {
            set.forEach(x -> privs.merge(x, prop, Boolean::logicalOr));
          }
        });
    return privs;
  }

  /** The roles a pool containing this guest or storage path lends the subject, or null. */
  private Map<String, Boolean> poolRoles(String subject, String path) {
    Map<String, Boolean> out = null;
    for (Pool pool : pools.values()) {
      boolean member =
          pool.vms().stream().anyMatch(v -> path.equals("/vms/" + v))
              || pool.storages().stream().anyMatch(s -> path.equals("/storage/" + s));
      if (!member) {
        continue;
      }
      Map<String, Boolean> r = roles(subject, "/pool/" + pool.id());
      if (r.isEmpty()) {
        continue;
      }
      if (out == null) {
        out = new LinkedHashMap<>();
      }
      for (String role : r.keySet()) {
        out.put(role, true);
      }
    }
    return out;
  }

  /** AccessControl.pm {@code roles}: walk from {@code /}; a deeper match replaces what was set. */
  private Map<String, Boolean> roles(String subject, String path) {
    List<String> prefixes = new ArrayList<>();
    prefixes.add("/");
    if (!path.equals("/")) {
      StringBuilder sb = new StringBuilder();
      for (String seg : path.substring(1).split("/")) {
        sb.append('/').append(seg);
        prefixes.add(sb.toString());
      }
    }
    Map<String, Boolean> roles = Map.of();
    for (int i = 0; i < prefixes.size(); i++) {
      boolean last = i == prefixes.size() - 1;
      Map<String, Map<String, Boolean>> bySubject = acl.get(prefixes.get(i));
      Map<String, Boolean> ri = bySubject == null ? null : bySubject.get(subject);
      if (ri == null) {
        continue;
      }
      Map<String, Boolean> next = new LinkedHashMap<>();
      ri.forEach(
          (role, prop) -> {
            if (last || prop) {
              next.put(role, prop);
            }
          });
      if (!next.isEmpty()) {
        roles = next;
      }
    }
    if (roles.containsKey(Roles.NO_ACCESS)) {
      return Map.of(Roles.NO_ACCESS, roles.get(Roles.NO_ACCESS));
    }
    return roles;
  }

  /** RPCEnvironment {@code check}: all privileges, else 403 {@code (<path>, <priv>)}. */
  public void check(Principal who, String path, Privilege... privs) {
    Map<Privilege, Boolean> perm = permissions(authid(who), path);
    for (Privilege p : privs) {
      if (!perm.containsKey(p)) {
        throw denied(path + ", " + p.pveName());
      }
    }
  }

  /** RPCEnvironment {@code check_any}: 403 {@code (<path>, A|B)}. */
  public void checkAny(Principal who, String path, Privilege... privs) {
    if (!hasAny(who, path, privs)) {
      throw denied(
          path
              + ", "
              + java.util.Arrays.stream(privs)
                  .map(Privilege::pveName)
                  .collect(Collectors.joining("|")));
    }
  }

  public boolean has(Principal who, String path, Privilege priv) {
    return permissions(authid(who), path).containsKey(priv);
  }

  public boolean hasAny(Principal who, String path, Privilege... privs) {
    Map<Privilege, Boolean> perm = permissions(authid(who), path);
    for (Privilege p : privs) {
      if (perm.containsKey(p)) {
        return true;
      }
    }
    return false;
  }

  /** RPCEnvironment {@code check_vm_perm}: the pool (if given) quietly, then {@code /vms/<id>}. */
  public void checkVm(Principal who, int vmid, String pool, Privilege... privs) {
    if (pool != null
        && permissions(authid(who), "/pool/" + pool).keySet().containsAll(List.of(privs))) {
      return;
    }
    check(who, "/vms/" + vmid, privs);
  }

  /** A route's declared permission; {@code params} fill the path template. */
  public void checkRoute(Principal who, Permission perm, Map<String, String> params) {
    if (who.isRootPam()) {
      return;
    }
    switch (perm.kind()) {
      case ALL -> {}
      case ROOT_ONLY -> throw denied("user != root@pam");
      case PERM -> {
        String path = perm.pathTemplate();
        for (Map.Entry<String, String> e : params.entrySet()) {
          path = path.replace("{" + e.getKey() + "}", e.getValue());
        }
        Privilege[] privs = perm.privileges().toArray(new Privilege[0]);
        if (perm.any()) {
          checkAny(who, path, privs);
        } else {
          check(who, path, privs);
        }
      }
    }
  }

  /**
   * Whether the caller holds the privilege on every path below {@code prefix} (e.g. every {@code
   * /vms/<id>}) alike: no ACL or pool names a deeper path. Lets {@code /cluster/resources} keep its
   * cached answer for an all-seeing caller.
   */
  public synchronized boolean uniformlyGranted(Principal who, String prefix, Privilege priv) {
    if (who.isRootPam()) {
      return true;
    }
    if (!pools.isEmpty()) {
      return false;
    }
    for (String path : acl.keySet()) {
      if (path.startsWith(prefix + "/")) {
        return false;
      }
    }
    return permissions(authid(who), prefix + "/\u0000").containsKey(priv);
  }

  /**
   * RPCEnvironment {@code get_effective_permissions}: the default top-level paths, every ACL path
   * and the paths pools name; paths without any privilege are left out.
   */
  public synchronized Map<String, Map<String, Integer>> effective(String authid) {
    Set<String> paths =
        new LinkedHashSet<>(
            List.of(
                "/", "/access", "/access/groups", "/nodes", "/pool", "/sdn", "/storage", "/vms"));
    paths.addAll(acl.keySet());
    for (Pool p : pools.values()) {
      p.vms().forEach(v -> paths.add("/vms/" + v));
      p.storages().forEach(s -> paths.add("/storage/" + s));
    }
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    for (String path : paths) {
      Map<String, Integer> privs = onPath(authid, path);
      if (!privs.isEmpty()) {
        out.put(path, privs);
      }
    }
    return out;
  }

  /** One path's privileges as {@code /access/permissions} prints them (name → 0/1). */
  public synchronized Map<String, Integer> onPath(String authid, String path) {
    Map<String, Integer> privs = new TreeMap<>();
    permissions(authid, path).forEach((k, v) -> privs.put(k.pveName(), v ? 1 : 0));
    return privs;
  }

  /**
   * RPCEnvironment {@code compute_api_permission}: the {@code cap} of a ticket answer, by top-level
   * path.
   */
  public synchronized Map<String, Map<String, Integer>> capabilities(String authid) {
    Map<String, Map<String, Integer>> res = new LinkedHashMap<>();
    for (String k : List.of("vms", "access", "storage", "nodes", "sdn", "dc", "mapping")) {
      res.put(k, new TreeMap<>());
    }
    Set<String> paths =
        new LinkedHashSet<>(
            List.of("/", "/nodes", "/access/groups", "/vms", "/storage", "/sdn", "/mapping"));
    paths.addAll(acl.keySet());
    for (String path : paths) {
      String top = path.matches("^/\\w+.*") ? path.substring(1).split("/")[0] : "dc";
      for (Privilege p : permissions(authid, path).keySet()) {
        String n = p.pveName();
        if (top.equals("pool")) {
          if (n.startsWith("VM.")) {
            res.get("vms").put(n, 1);
          } else if (n.startsWith("Datastore.")) {
            res.get("storage").put(n, 1);
          } else if (n.equals("Permissions.Modify")) {
            res.get("storage").put(n, 1);
            res.get("vms").put(n, 1);
          }
          continue;
        }
        String re =
            switch (top) {
              case "vms" -> "^(VM\\.|Permissions\\.Modify).*";
              case "access" -> "^((User|Group)\\.|Permissions\\.Modify).*";
              case "storage" -> "^(Datastore\\.|Permissions\\.Modify).*";
              case "nodes" -> "^(Sys\\.|Permissions\\.Modify).*";
              case "sdn" -> "^(SDN\\.|Permissions\\.Modify).*";
              case "dc" -> "^(Sys\\.Audit|Sys\\.Modify|SDN\\.).*";
              case "mapping" -> "^(Mapping\\.|Permissions.Modify).*";
              default -> null;
            };
        if (re != null && n.matches(re)) {
          res.get(top).put(n, 1);
        }
      }
    }
    return res;
  }

  /** pve-common {@code PVE::Exception::raise_perm_exc}: 403 {@code Permission check failed (…)}. */
  public static ApiException denied(String what) {
    return new ApiException(
        403, "Permission check failed" + (what == null ? "" : " (" + what + ")"));
  }

  /** AccessControl.pm {@code normalize_path}. */
  static String normalize(String path) {
    String p = path.replaceAll("/+", "/");
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      p = "/";
    }
    if (!p.startsWith("/")) {
      p = "/" + p;
    }
    return p;
  }
}
