package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code GET /nodes/{node}/apt/versions} (pve-manager {@code PVE/API2/APT.pm}): {@code
 * Version} is the <em>candidate</em> version, {@code OldVersion} the installed one.
 *
 * @param name package name, e.g. {@code pve-container}
 * @param candidateVersion {@code Version}
 * @param oldVersion {@code OldVersion}: installed version (absent when not installed)
 * @param currentState {@code Installed}, {@code NotInstalled}, ...
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PackageVersion(
    @JsonProperty("Package") String name,
    @JsonProperty("Version") String candidateVersion,
    @JsonProperty("OldVersion") String oldVersion,
    @JsonProperty("CurrentState") String currentState,
    @JsonProperty("ManagerVersion") String managerVersion,
    @JsonProperty("RunningKernel") String runningKernel) {

  /** The installed version, or null when the package is not installed. */
  public String installedVersion() {
    if (!"Installed".equals(currentState)) {
      return null;
    }
    return oldVersion != null ? oldVersion : candidateVersion;
  }
}
