package io.pvepanel.proxmox.client.autoconfigure;

import io.pvepanel.proxmox.client.ProxmoxClusterProperties;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code proxmox.clusters[i].*}: the clusters the application talks to. See the module README for
 * every key and its default; secrets ({@code api-token}, {@code password}) should come from
 * environment variables, e.g. {@code PROXMOX_CLUSTERS_0_APITOKEN}, the node SSH key from a mounted
 * file ({@code node-ssh.private-key-path}). An {@code http://} cluster fails the start unless it
 * sets {@code allow-insecure-http}.
 */
@Validated
@ConfigurationProperties("proxmox")
public record ProxmoxProperties(@Valid List<ProxmoxClusterProperties> clusters) {
  public ProxmoxProperties {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
  }
}
