package io.pvepanel.control.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.control.ControlProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The console relay's upstream connect timeout and frame limit are settings ({@code
 * pvepanel.control.console.*}) with documented defaults, validated at start.
 */
class ConsoleRelaySettingsTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ControlProperties.class)
  static class Settings {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Settings.class);

  @Test
  void defaultsAreTenSecondsAndOneMegabyte() {
    runner.run(
        ctx -> {
          ControlProperties.Console console = ctx.getBean(ControlProperties.class).console();
          assertThat(console.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(console.maxFrameSize()).isEqualTo(DataSize.ofMegabytes(1));
          assertThat(console).isEqualTo(ControlProperties.Console.defaults());
        });
  }

  @Test
  void theRelayTakesTheConfiguredValues() {
    runner
        .withPropertyValues(
            "pvepanel.control.console.connect-timeout=3s",
            "pvepanel.control.console.max-frame-size=256KB")
        .run(
            ctx -> {
              ControlProperties.Console console = ctx.getBean(ControlProperties.class).console();
              assertThat(console.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(console.maxFrameSize()).isEqualTo(DataSize.ofKilobytes(256));
            });
  }

  @Test
  void valuesOutsideTheirRangeFailTheStart() {
    for (String bad :
        new String[] {
          "pvepanel.control.console.connect-timeout=0s",
          "pvepanel.control.console.connect-timeout=1h",
          "pvepanel.control.console.max-frame-size=1KB",
          "pvepanel.control.console.max-frame-size=1GB"
        }) {
      runner.withPropertyValues(bad).run(ctx -> assertThat(ctx).as(bad).hasFailed());
    }
  }
}
