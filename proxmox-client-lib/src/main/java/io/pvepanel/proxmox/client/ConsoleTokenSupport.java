package io.pvepanel.proxmox.client;

import java.util.List;
import java.util.Map;

/**
 * Whether a node's termproxy accepts an API token identity (Proxmox bug 6079): older termproxy
 * verifies the client's {@code user:ticket} line through {@code /access/ticket}, which rejects
 * {@code user@realm!token}; pve-container 5.3.4 (PVE 8) / 6.1.3 (PVE 9) pass {@code
 * --vncticket-endpoint}, which libpve-access-control 8.2.3 / 9.0.4 serve.
 */
public final class ConsoleTokenSupport {
  /** Per PVE major: minimum pve-container, minimum libpve-access-control. */
  public static final Map<Integer, List<String>> MINIMUM =
      Map.of(8, List.of("5.3.4", "8.2.3"), 9, List.of("6.1.3", "9.0.4"));

  private ConsoleTokenSupport() {}

  /** True only when both packages are installed and new enough for the major version. */
  public static boolean acceptsToken(int major, List<PackageVersion> packages) {
    List<String> min = MINIMUM.get(major);
    if (min == null || packages == null) {
      return false;
    }
    String container = installed(packages, "pve-container");
    String access = installed(packages, "libpve-access-control");
    return container != null
        && access != null
        && DebianVersion.atLeast(container, min.get(0))
        && DebianVersion.atLeast(access, min.get(1));
  }

  /** The installed version of a package, or null. */
  public static String installed(List<PackageVersion> packages, String name) {
    for (PackageVersion p : packages) {
      if (name.equals(p.name()) && p.installedVersion() != null) {
        return p.installedVersion();
      }
    }
    return null;
  }
}
