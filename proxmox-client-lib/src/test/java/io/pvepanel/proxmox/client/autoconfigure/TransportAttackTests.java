package io.pvepanel.proxmox.client.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.client.ProxmoxClusters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Issue #13, hole 10: the panel's Proxmox credentials never travel in clear. A plain {@code
 * http://} cluster (someone dropping the {@code s}, or a proxy's URL) is refused at start with the
 * cluster and the property named, unless the cluster explicitly allows it (the local run and the
 * tests against the simulator); a node SSH key given both inline and as a file is refused too, so a
 * mounted key cannot be silently overridden by one left in the JSON.
 */
class TransportAttackTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProxmoxClientAutoConfiguration.class))
          .withPropertyValues(
              "proxmox.clusters[0].name=prod",
              "proxmox.clusters[0].api-token=panel@pve!ctl=0c6f1b1e-secret");

  @Test
  void aPlainHttpClusterIsRefusedAtStartNamingTheClusterAndTheProperty() {
    runner
        .withPropertyValues("proxmox.clusters[0].base-url=http://pve1.example.com:8006")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(rootMessage(ctx.getStartupFailure()))
                  .contains("cluster prod")
                  .contains("http://pve1.example.com:8006")
                  .contains("allow-insecure-http")
                  .doesNotContain("0c6f1b1e-secret");
            });
    runner
        .withPropertyValues("proxmox.clusters[0].base-url=HTTP://pve1.example.com:8006")
        .run(ctx -> assertThat(ctx).hasFailed());
  }

  @Test
  void plainHttpStartsOnlyWhereTheClusterAllowsIt() {
    runner
        .withPropertyValues(
            "proxmox.clusters[0].base-url=http://127.0.0.1:8006",
            "proxmox.clusters[0].allow-insecure-http=true")
        .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(ProxmoxClusters.class));
    runner
        .withPropertyValues("proxmox.clusters[0].base-url=https://pve1.example.com:8006")
        .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(ProxmoxClusters.class));
  }

  @Test
  void aNodeSshKeyGivenInlineAndAsAFileIsRefused() {
    runner
        .withPropertyValues(
            "proxmox.clusters[0].base-url=https://pve1.example.com:8006",
            "proxmox.clusters[0].node-ssh.private-key-path=/etc/pvepanel/node-ssh/id",
            "proxmox.clusters[0].node-ssh.private-key=-----BEGIN OPENSSH PRIVATE KEY-----")
        .run(
            ctx -> {
              assertThat(ctx).hasFailed();
              assertThat(rootMessage(ctx.getStartupFailure()))
                  .contains("private-key-path")
                  .doesNotContain("BEGIN OPENSSH");
            });
  }

  private static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
