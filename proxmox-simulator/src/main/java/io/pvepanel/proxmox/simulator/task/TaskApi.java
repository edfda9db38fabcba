package io.pvepanel.proxmox.simulator.task;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /nodes/{node}/tasks/{upid}/status} and {@code .../log}. */
public final class TaskApi {

  private final TaskManager tasks;

  private final AccessControl access;

  public TaskApi(TaskManager tasks, AccessControl access) {
    this.tasks = tasks;
    this.access = access;
  }

  /**
   * pve-manager API2/Tasks.pm {@code check_task_user}: a token sees its own tasks, a user also
   * those of its tokens.
   */
  private static boolean owns(ApiRequest req, Task t) {
    String me = req.principal().actor();
    String owner = t.tokenName == null ? t.userid : t.userid + "!" + t.tokenName;
    return me.equals(owner) || me.equals(t.userid);
  }

  /** Not the owner: Sys.Audit (status, log) or Sys.Modify (abort) on /nodes/<node>. */
  private void requireOwnerOr(ApiRequest req, Task t, Privilege priv) {
    if (!owns(req, t)) {
      access.check(req.principal(), "/nodes/" + req.node(), priv);
    }
  }

  public void register(Router router) {
    router.get(
        "/nodes/{node}/tasks",
        Params.none()
            .vmid("vmid")
            .str("typefilter")
            .str("userfilter")
            .enumOf("source", "archive", "active", "all")
            .bool("errors")
            .integer("since", 0, null)
            .integer("until", 0, null)
            .integer("start", 0, null)
            .integer("limit", 0, null)
            .str("statusfilter"),
        this::list);
    router.get("/nodes/{node}/tasks/{upid}/status", Params.none(), this::status);
    router.delete("/nodes/{node}/tasks/{upid}", Params.none(), this::abort);
    router.get(
        "/nodes/{node}/tasks/{upid}/log",
        Params.none().integer("start", 0, null).integer("limit", 0, null).bool("download"),
        this::log);
  }

  private Task lookup(ApiRequest req) {
    String upid = req.str("upid");
    if (!TaskManager.UPID.matcher(upid).matches()) {
      throw ApiException.param("upid", "unable to parse worker upid");
    }
    Task t = tasks.find(upid);
    if (t == null || !t.node.equals(req.node())) {
      throw ApiException.param("upid", "no such task");
    }
    return t;
  }

  /** Kills a running worker; like PVE, a config lock it took stays behind. */
  private Object abort(ApiRequest req) {
    Task t = lookup(req);
    requireOwnerOr(req, t, Privilege.SYS_MODIFY);
    tasks.end(t, "received interrupt");
    return null;
  }

  private Object status(ApiRequest req) {
    Task t = lookup(req);
    requireOwnerOr(req, t, Privilege.SYS_AUDIT);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("upid", t.upid);
    m.put("node", t.node);
    m.put("pid", t.pid);
    m.put("pstart", t.pstart);
    m.put("starttime", t.starttime);
    m.put("type", t.type);
    m.put("id", t.id);
    m.put("user", t.userid);
    if (t.tokenName != null) {
      m.put("tokenid", t.tokenName);
    }
    m.put("status", t.running() ? "running" : "stopped");
    if (!t.running()) {
      m.put("exitstatus", t.exitstatus);
    }
    return m;
  }

  /** Newest first, like PVE's task list; finished tasks carry {@code status} = exit status. */
  private Object list(ApiRequest req) {
    List<Task> all = new ArrayList<>(tasks.all());
    all.sort((a, b) -> Long.compare(b.pid, a.pid));
    String source = req.str("source", "archive");
    List<Map<String, Object>> out = new ArrayList<>();
    long start = req.integer("start", 0);
    long limit = req.integer("limit", 50);
    long skipped = 0;
    boolean auditor = access.has(req.principal(), "/nodes/" + req.node(), Privilege.SYS_AUDIT);
    for (Task t : all) {
      if (!t.node.equals(req.node())
          || !(auditor || owns(req, t))
          || (req.has("vmid") && !t.id.equals(String.valueOf(req.integer("vmid", 0))))
          || (req.has("typefilter") && !t.type.equals(req.str("typefilter")))
          || (req.has("userfilter") && !t.userid.contains(req.str("userfilter")))
          || (req.has("since") && t.starttime < req.integer("since", 0))
          || (req.has("until") && t.starttime > req.integer("until", 0))
          || (source.equals("active") && !t.running())
          || (source.equals("archive") && t.running())
          || (req.bool("errors") && (t.running() || "OK".equals(t.exitstatus)))) {
        continue;
      }
      if (skipped++ < start) {
        continue;
      }
      if (limit > 0 && out.size() >= limit) {
        break;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("upid", t.upid);
      m.put("node", t.node);
      m.put("pid", t.pid);
      m.put("pstart", t.pstart);
      m.put("starttime", t.starttime);
      m.put("type", t.type);
      m.put("id", t.id);
      m.put("user", t.tokenName == null ? t.userid : t.userid + "!" + t.tokenName);
      if (!t.running()) {
        m.put("status", t.exitstatus);
        m.put("endtime", t.endtime);
      }
      out.add(m);
    }
    return out;
  }

  /**
   * pve-manager API2/Tasks.pm {@code read_task_log} checks only that the UPID parses; a task this
   * node never ran is a log file that cannot be opened (pve-common Tools.pm {@code dump_logfile}).
   */
  private Object log(ApiRequest req) {
    String upid = req.str("upid");
    if (!TaskManager.UPID.matcher(upid).matches()) {
      throw ApiException.param("upid", "unable to parse worker upid");
    }
    Task t = tasks.find(upid);
    // read_task_log checks the owner named in the UPID itself, whether or not the task exists
    String owner = upid.split(":")[7];
    String me = req.principal().actor();
    if (!me.equals(owner) && !owner.startsWith(me + "!")) {
      access.check(req.principal(), "/nodes/" + req.node(), Privilege.SYS_AUDIT);
    }
    if (t == null || !t.node.equals(req.node())) {
      return new Router.Paged(
          List.of(line(1, "unable to open file - No such file or directory")), 1);
    }
    List<String> lines = t.lines;
    long start = req.integer("start", 0);
    long limit = req.integer("limit", 50);
    List<Map<String, Object>> out = new ArrayList<>();
    if (lines.isEmpty()) {
      out.add(line(1, "no content"));
      return new Router.Paged(out, 1);
    }
    long end = limit == 0 ? lines.size() : Math.min(lines.size(), start + limit);
    for (long i = start; i < end; i++) {
      out.add(line(i + 1, lines.get((int) i)));
    }
    return new Router.Paged(out, lines.size());
  }

  private static Map<String, Object> line(long n, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("t", text);
    return m;
  }
}
