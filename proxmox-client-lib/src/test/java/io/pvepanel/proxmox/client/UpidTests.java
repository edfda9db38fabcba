package io.pvepanel.proxmox.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpidTests {
  @Test
  void parsesTheDocumentedExample() {
    Upid u = Upid.parse("UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:vzstart:101:panel@pve!ctl:");
    assertThat(u.node()).isEqualTo("pve1");
    assertThat(u.pid()).isEqualTo(238066);
    assertThat(u.pstart()).isEqualTo(169552957);
    assertThat(u.startTime()).isEqualTo(Instant.parse("2024-09-11T14:01:23Z"));
    assertThat(u.type()).isEqualTo("vzstart");
    assertThat(u.id()).isEqualTo("101");
    assertThat(u.user()).isEqualTo("panel@pve!ctl");
  }

  @Test
  void acceptsNineDigitPstartAndEmptyId() {
    Upid u = Upid.parse("UPID:node-2:0003A1F2:10A1B2C3D:66E1A2B3:vncproxy::root@pam:");
    assertThat(u.pstart()).isEqualTo(0x10A1B2C3DL);
    assertThat(u.id()).isEmpty();
  }

  @Test
  void rejectsMissingTrailingColonAndGarbage() {
    assertThatThrownBy(
            () -> Upid.parse("UPID:pve1:0003A1F2:0A1B2C3D:66E1A2B3:vzstart:101:panel@pve"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Upid.parse("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Upid.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
