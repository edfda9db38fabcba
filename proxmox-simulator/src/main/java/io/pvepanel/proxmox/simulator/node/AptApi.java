package io.pvepanel.proxmox.simulator.node;

import io.pvepanel.proxmox.simulator.auth.Permission;
import io.pvepanel.proxmox.simulator.auth.Privilege;
import io.pvepanel.proxmox.simulator.guest.Cluster;
import io.pvepanel.proxmox.simulator.guest.Guests;
import io.pvepanel.proxmox.simulator.http.ApiRequest;
import io.pvepanel.proxmox.simulator.http.Params;
import io.pvepanel.proxmox.simulator.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /nodes/{node}/apt/versions} (pve-manager {@code PVE/API2/APT.pm}): the important
 * packages, {@code proxmox-ve} and {@code pve-manager} first. As in PVE, {@code Version} is the
 * candidate and {@code OldVersion} the installed version (equal here: nothing to upgrade). The
 * versions match the simulated PVE 9.0.11 whose termproxy accepts API tokens (pve-container 6.1.3,
 * libpve-access-control 9.0.4, Proxmox bug 6079).
 */
public final class AptApi {

  private static final String[][] PACKAGES = {
    {"proxmox-ve", "9.0.0", "The Proxmox Virtual Environment"},
    {"pve-manager", "9.0.11", "Proxmox Virtual Environment Management Tools"},
    {"libpve-access-control", "9.0.4", "Proxmox VE access control library"},
    {"libpve-cluster-perl", "9.0.6", "Proxmox Virtual Environment cluster Perl modules"},
    {"libpve-common-perl", "9.0.11", "Proxmox VE base library"},
    {"libpve-guest-common-perl", "6.0.2", "Proxmox VE common guest-related modules"},
    {"libpve-http-server-perl", "6.0.5", "Proxmox Asynchrounous HTTP Server Implementation"},
    {"libpve-storage-perl", "9.0.13", "Proxmox VE storage management library"},
    {"pve-container", "6.1.3", "Proxmox VE Container management tool"},
    {"qemu-server", "9.0.23", "Qemu Server Tools"},
  };

  // pveVersion(8): PVE 8.4.1 (bookworm) with the bug-6079 fix (pve-container 5.3.4,
  // libpve-access-control 8.2.3)
  private static final String[][] PACKAGES_8 = {
    {"proxmox-ve", "8.4.0", "The Proxmox Virtual Environment"},
    {"pve-manager", "8.4.1", "Proxmox Virtual Environment Management Tools"},
    {"libpve-access-control", "8.2.3", "Proxmox VE access control library"},
    {"libpve-cluster-perl", "8.1.0", "Proxmox Virtual Environment cluster Perl modules"},
    {"libpve-common-perl", "8.3.1", "Proxmox VE base library"},
    {"libpve-guest-common-perl", "5.2.2", "Proxmox VE common guest-related modules"},
    {"libpve-http-server-perl", "5.2.2", "Proxmox Asynchrounous HTTP Server Implementation"},
    {"libpve-storage-perl", "8.3.6", "Proxmox VE storage management library"},
    {"pve-container", "5.3.4", "Proxmox VE Container management tool"},
    {"qemu-server", "8.3.12", "Qemu Server Tools"},
  };

  private final Cluster cluster;
  private final int pveVersion;

  public AptApi(Cluster cluster, int pveVersion) {
    this.cluster = cluster;
    this.pveVersion = pveVersion;
  }

  public void register(Router r) {
    // pve-manager API2/APT.pm versions
    r.get("/nodes/{node}/apt/versions", Params.none(), this::versions)
        .check(Permission.perm("/nodes/{node}", Privilege.SYS_AUDIT));
  }

  private Object versions(ApiRequest req) {
    Guests.requireNode(cluster, req.node());
    List<Map<String, Object>> out = new ArrayList<>();
    for (String[] p : pveVersion == 8 ? PACKAGES_8 : PACKAGES) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Package", p[0]);
      m.put("Title", p[2]);
      m.put("Origin", "Proxmox");
      m.put("Section", "admin");
      m.put("Arch", "amd64");
      m.put("Priority", "optional");
      m.put("Version", p[1]);
      m.put("OldVersion", p[1]);
      m.put("CurrentState", "Installed");
      if (p[0].equals("pve-manager")) {
        m.put("ManagerVersion", p[1]);
      } else if (p[0].equals("proxmox-ve")) {
        m.put("RunningKernel", pveVersion == 8 ? "6.8.12-9-pve" : "6.14.11-2-pve");
      }
      out.add(m);
    }
    return out;
  }
}
