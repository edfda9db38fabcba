package io.pvepanel.proxmox.simulator.guest;

import io.pvepanel.proxmox.simulator.auth.AccessControl;
import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.http.ApiException;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node's storages and their content (the CT templates on {@code local}). */
public final class StorageApi {

  private final Cluster cluster;

  private final AccessControl access;

  public StorageApi(Cluster cluster, AccessControl access) {
    this.cluster = cluster;
    this.access = access;
  }

  public void register(Router r) {
    r.get(
        "/nodes/{node}/storage",
        Params.none().str("content").bool("enabled").str("format").str("storage").str("target"),
        this::storageList);
    r.get(
            "/nodes/{node}/storage/{storage}/content",
            Params.none().str("content").vmid("vmid"),
            this::storageContent)
        .check(
            Permission.any(
                "/storage/{storage}",
                Privilege.DATASTORE_AUDIT,
                Privilege.DATASTORE_ALLOCATE_SPACE));
  }

  private Object storageList(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    String content = req.str("content");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Storage s : cluster.storages()) {
      // pve-storage API2/Storage/Status.pm index: only storages with Datastore.Audit or
      // Datastore.AllocateSpace
      if (!access.hasAny(
          req.principal(),
          "/storage/" + s.id(),
          Privilege.DATASTORE_AUDIT,
          Privilege.DATASTORE_ALLOCATE_SPACE)) {
        continue;
      }
      if (content != null && !List.of(s.content().split(",")).contains(content)) {
        continue;
      }
      if (req.has("storage") && !s.id().equals(req.str("storage"))) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("storage", s.id());
      m.put("type", s.type());
      m.put("content", s.content());
      m.put("active", 1);
      m.put("enabled", 1);
      m.put("shared", 0);
      m.put("total", s.total());
      m.put("used", s.used());
      m.put("avail", s.total() - s.used());
      m.put("used_fraction", (double) s.used() / s.total());
      out.add(m);
    }
    return out;
  }

  private Object storageContent(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    Storage s = cluster.storage(req.str("storage"));
    if (s == null) {
      throw ApiException.fail("storage '" + req.str("storage") + "' does not exist");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    String content = req.str("content");
    if (s.id().equals("local") && (content == null || content.equals("vztmpl"))) {
      for (String t : Cluster.TEMPLATES) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volid", t);
        m.put("content", "vztmpl");
        m.put("format", t.endsWith(".zst") ? "tzst" : "txz");
        m.put("size", 120_000_000L + t.length() * 1_000_000L);
        m.put("ctime", 1_726_000_000L);
        out.add(m);
      }
    }
    return out;
  }
}
