package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ConfigurationTests {
  @Test
  void defaultsAreApplied() {
    ProxmoxClusterProperties p =
        ProxmoxClusterProperties.withToken("a", "https://pve:8006/", "PVEAPIToken=u@pve!t=s");
    assertThat(p.baseUrl()).isEqualTo("https://pve:8006");
    assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxIdleTime()).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.maxResponseSize()).isEqualTo(DataSize.ofMegabytes(64));
    assertThat(p.circuitBreaker().minimumCalls()).isEqualTo(5);
    assertThat(p.toString()).doesNotContain("u@pve!t=s");
  }

  @Test
  void rejectsAmbiguousOrMissingCredentialsAndBadPins() {
    assertThatThrownBy(
            () ->
                ProxmoxClusterProperties.builder("a", "https://pve:8006")
                    .apiToken("u@pve!t=s")
                    .login("root@pam", "pw")
                    .build())
        .hasMessageContaining("exactly one");
    assertThatThrownBy(
            () ->
                ProxmoxClusterProperties.builder("a", "https://pve:8006")
                    .apiToken("u@pve!t=s")
                    .tlsFingerprint("AB:CD")
                    .build())
        .hasMessageContaining("tls-fingerprint");
    assertThatThrownBy(() -> ProxmoxClusterProperties.withToken("a", "pve:8006", "u@pve!t=s"))
        .hasMessageContaining("baseUrl");
  }

  @Test
  void tokenAcceptsBothFormsAndNeverEchoesTheSecret() {
    assertThat(
            new TokenAuth("u@pve!tk=s3cr3t")
                .headers(org.springframework.http.HttpMethod.GET)
                .block())
        .containsEntry("Authorization", "PVEAPIToken=u@pve!tk=s3cr3t");
    assertThat(
            new TokenAuth("PVEAPIToken=u@pve!tk=s3cr3t")
                .headers(org.springframework.http.HttpMethod.POST)
                .block())
        .containsEntry("Authorization", "PVEAPIToken=u@pve!tk=s3cr3t");
    assertThatThrownBy(() -> new TokenAuth("garbage-s3cr3t"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("s3cr3t");
  }
}
