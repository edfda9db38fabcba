package io.pvepanel.proxmox.client.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.proxmox.client.ProxmoxClusters;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ProxmoxClientAutoConfigurationTests {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ProxmoxClientAutoConfiguration.class));

  @Test
  void noClustersNoBean() {
    runner.run(ctx -> assertThat(ctx).doesNotHaveBean(ProxmoxClusters.class));
  }

  @Test
  void bindsClustersWithDefaultsAndRelaxedNames() {
    runner
        .withPropertyValues(
            "proxmox.clusters[0].name=prod",
            "proxmox.clusters[0].base-url=https://pve1.example.com:8006",
            "proxmox.clusters[0].api-token=panel@pve!ctl=abc",
            "proxmox.clusters[0].tls-fingerprint="
                + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
            "proxmox.clusters[0].response-timeout=10s",
            "proxmox.clusters[0].max-response-size=16MB",
            "proxmox.clusters[0].console-user.username=console@pve",
            "proxmox.clusters[0].console-user.password=console-pw",
            "proxmox.clusters[1].name=lab",
            "proxmox.clusters[1].base-url=http://127.0.0.1:8006",
            "proxmox.clusters[1].username=root@pam",
            "proxmox.clusters[1].password=pw",
            "proxmox.clusters[1].allow-insecure-http=true")
        .run(
            ctx -> {
              assertThat(ctx).hasSingleBean(ProxmoxClusters.class);
              assertThat(ctx.getBean(ProxmoxClusters.class).names())
                  .containsExactlyInAnyOrder("prod", "lab");
              var props = ctx.getBean(ProxmoxProperties.class).clusters();
              assertThat(props.get(0).responseTimeout()).isEqualTo(Duration.ofSeconds(10));
              assertThat(props.get(0).connectTimeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(props.get(0).maxResponseSize().toMegabytes()).isEqualTo(16);
              assertThat(props.get(0).consoleUser().username()).isEqualTo("console@pve");
              assertThat(props.get(0).consoleUser().use()).isEqualTo("auto");
              assertThat(props.get(0).toString()).doesNotContain("console-pw");
              assertThat(props.get(1).consoleUser()).isNull();
              assertThat(props.get(1).circuitBreaker().openDuration())
                  .isEqualTo(Duration.ofSeconds(30));
            });
  }

  @Test
  void invalidClusterFailsStartup() {
    runner
        .withPropertyValues(
            "proxmox.clusters[0].name=prod", "proxmox.clusters[0].base-url=https://pve:8006")
        .run(ctx -> assertThat(ctx).hasFailed());
  }
}
