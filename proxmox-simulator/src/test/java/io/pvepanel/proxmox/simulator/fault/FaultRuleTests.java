package io.pvepanel.proxmox.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultRuleTests {

  @Test
  void globsAndRegex() {
    FaultRule glob =
        new FaultRule(
            "a", "get", "/nodes/*/lxc/*/status/current", Duration.ZERO, 0, 0, null, false);
    assertThat(glob.matches("GET", "/nodes/pve1/lxc/101/status/current")).isTrue();
    assertThat(glob.matches("POST", "/nodes/pve1/lxc/101/status/current")).isFalse();
    assertThat(glob.matches("GET", "/nodes/pve1/qemu/101/status/current")).isFalse();
    FaultRule deep =
        new FaultRule("b", "*", "/api2/json/nodes/**", Duration.ZERO, 0, 0, null, false);
    assertThat(deep.matches("DELETE", "/nodes/pve1/lxc/101")).isTrue();
    FaultRule re = new FaultRule("c", "*", "regex:/cluster/.*", Duration.ZERO, 0, 0, null, false);
    assertThat(re.matches("GET", "/cluster/resources")).isTrue();
  }

  @Test
  void errorRateIsSeededAndClearable() {
    Faults f = new Faults(1, on -> {});
    f.errorRate("*", "**", 0.5, 500);
    int hits = 0;
    for (int i = 0; i < 1000; i++) {
      if (f.evaluate("GET", "/nodes").errorStatus() == 500) {
        hits++;
      }
    }
    assertThat(hits).isBetween(400, 600);
    f.clear();
    assertThat(f.evaluate("GET", "/nodes")).isEqualTo(Faults.Effect.NONE);
  }
}
