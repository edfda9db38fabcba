package io.pvepanel.proxmox.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTests {

  @Test
  void typesAndRanges() {
    Params p =
        Params.none()
            .integer("memory", 16, null)
            .bool("start")
            .number("cpulimit", 0, 8192)
            .str("x");
    Map<String, Object> v =
        p.validate(Map.of("memory", "512", "start", "1", "cpulimit", "1.5", "x", "y"));
    assertThat(v).containsEntry("memory", 512L).containsEntry("start", true);
    assertThat(errors(p, Map.of("memory", "8")))
        .containsEntry("memory", "value must have a minimum value of 16");
    assertThat(errors(p, Map.of("start", "false")))
        .containsEntry("start", "type check ('boolean') failed - got 'false'");
    assertThat(errors(p, Map.of("cpulimit", "x")))
        .containsEntry("cpulimit", "type check ('number') failed - got 'x'");
    assertThat(p.validate(Map.of("start", Boolean.TRUE))).containsEntry("start", true);
  }

  @Test
  void pathFormats() {
    Params p = Params.none().withPath(List.of("node", "vmid", "snapname"));
    assertThat(errors(p, Map.of("node", "pve1", "vmid", "0100", "snapname", "ok1")))
        .containsEntry("vmid", "invalid format - value does not look like a valid VM ID\n");
    assertThat(errors(p, Map.of("node", "pve1", "vmid", "100", "snapname", "-x")))
        .containsEntry("snapname", "invalid format - invalid configuration ID '-x'\n");
    assertThat(errors(p, Map.of("node", "pve1", "vmid", "100")))
        .containsEntry("snapname", "property is missing and it is not optional");
  }

  private static Map<String, String> errors(Params p, Map<String, Object> raw) {
    try {
      p.validate(raw);
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      return e.errors();
    }
    assertThatThrownBy(() -> {}).as("expected a parameter error").isNotNull();
    return Map.of();
  }
}
