package io.pvepanel.localsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteOptionsTests {

  private static final Path DIR = Path.of("/tmp/project");

  @Test
  void defaults() {
    SuiteOptions o = SuiteOptions.parse(new String[0], Map.of(), DIR);
    assertThat(o.gatewayPort()).isEqualTo(8080);
    assertThat(o.simulatorPort()).isEqualTo(8006);
    assertThat(o.jwtSecret()).isEqualTo(SuiteOptions.DEV_JWT_SECRET);
    assertThat(SuiteOptions.DEV_JWT_SECRET.getBytes()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(o.dbHost()).isEqualTo("127.0.0.1");
    assertThat(o.dbPort()).isEqualTo(3306);
    assertThat(o.dbUser()).isEqualTo("root");
    assertThat(o.dbPassword()).isEmpty();
    assertThat(o.cds()).isTrue();
    assertThat(o.keepData()).isFalse();
    assertThat(o.embeddedDb()).isFalse();
    assertThat(o.runDir()).isEqualTo(DIR.resolve(".local-suite"));
  }

  @Test
  void environmentOverrides() {
    SuiteOptions o =
        SuiteOptions.parse(
            new String[0],
            Map.of(
                "GATEWAY_PORT", "18080",
                "SIMULATOR_PORT", " 18006 ",
                "JWT_SECRET", "a-secret-of-at-least-thirty-two-bytes!!",
                "DB_HOST", "db.local",
                "DB_PORT", "3307",
                "DB_USERNAME", "app",
                "DB_PASSWORD", "pw"),
            DIR);
    assertThat(o.gatewayPort()).isEqualTo(18080);
    assertThat(o.simulatorPort()).isEqualTo(18006);
    assertThat(o.jwtSecret()).isEqualTo("a-secret-of-at-least-thirty-two-bytes!!");
    assertThat(o.dbHost()).isEqualTo("db.local");
    assertThat(o.dbPort()).isEqualTo(3307);
    assertThat(o.dbUser()).isEqualTo("app");
    assertThat(o.dbPassword()).isEqualTo("pw");
  }

  @Test
  void blankValuesMeanDefault() {
    SuiteOptions o =
        SuiteOptions.parse(new String[0], Map.of("GATEWAY_PORT", "", "JWT_SECRET", " "), DIR);
    assertThat(o.gatewayPort()).isEqualTo(8080);
    assertThat(o.jwtSecret()).isEqualTo(SuiteOptions.DEV_JWT_SECRET);
  }

  @Test
  void flags() {
    SuiteOptions o =
        SuiteOptions.parse(
            new String[] {"--no-build", "--no-cds", "--keep-data", "--embedded-db"}, Map.of(), DIR);
    assertThat(o.cds()).isFalse();
    assertThat(o.keepData()).isTrue();
    assertThat(o.embeddedDb()).isTrue();
    assertThat(SuiteOptions.parse(new String[] {"-h"}, Map.of(), DIR).help()).isTrue();
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> SuiteOptions.parse(new String[] {"--bogus"}, Map.of(), DIR))
        .hasMessageContaining("unknown option: --bogus");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[0], Map.of("GATEWAY_PORT", "http"), DIR))
        .hasMessageContaining("GATEWAY_PORT");
    assertThatThrownBy(
            () -> SuiteOptions.parse(new String[0], Map.of("SIMULATOR_PORT", "70000"), DIR))
        .hasMessageContaining("SIMULATOR_PORT");
    assertThatThrownBy(() -> SuiteOptions.parse(new String[0], Map.of("JWT_SECRET", "short"), DIR))
        .hasMessageContaining("32 bytes");
  }
}
