package io.pvepanel.proxmox.simulator.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TermShellTests {

  @Test
  void echoesAndAnswersCommands() {
    TermShell sh = new TermShell("web01");
    assertThat(String.join("", sh.onFrame("0:5:whoam"))).isEqualTo("whoam");
    assertThat(String.join("", sh.onFrame("0:2:i\r"))).isEqualTo("i\r\nroot\r\nroot@web01:~# ");
    assertThat(String.join("", sh.onFrame("0:13:echo 'hi you'0:1:\r")))
        .isEqualTo("echo 'hi you'\r\nhi you\r\nroot@web01:~# ");
    assertThat(String.join("", sh.onFrame("0:9:uname -a\r"))).contains("Linux web01 6.8.12-4-pve");
    assertThat(String.join("", sh.onFrame("1:120:40:2"))).isEmpty();
    assertThat(String.join("", sh.onFrame("0:4:foo\r"))).contains("-bash: foo: command not found");
    assertThat(String.join("", sh.onFrame("0:3:ab\u007f"))).isEqualTo("ab\b \b");
    sh.onFrame("0:1:\u0003");
    assertThat(String.join("", sh.onFrame("0:5:exit\r"))).endsWith("logout\r\n");
    assertThat(sh.closed()).isTrue();
  }

  @Test
  void lengthCountsUtf8Bytes() {
    TermShell sh = new TermShell("h");
    assertThat(String.join("", sh.onFrame("0:2:ä0:1:x"))).isEqualTo("äx");
  }
}
