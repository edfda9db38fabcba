package io.pvepanel.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.pvepanel.alerting.ownership.ServerDirectory;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.ConflictException;
import io.pvepanel.web.InvalidFieldException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.ReactiveTransactionManager;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RuleServiceLimitsTests {

  RuleRepository rules = mock(RuleRepository.class);
  RuleService service =
      new RuleService(
          rules,
          mock(RuleRegistry.class),
          mock(ServerDirectory.class),
          mock(ReactiveTransactionManager.class),
          Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC),
          new RuleLimits(3, Duration.ofSeconds(60), Duration.ofMinutes(15)));
  CurrentUser alice = new CurrentUser("1", "1@example.test", false);

  static RuleRequest request(Integer forSeconds, Integer repeat) {
    return new RuleRequest(
        "n", "cpu", ">", 80.0, forSeconds, repeat, null, null, null, "user", null);
  }

  @Test
  void theCapIsAConflictNamingTheLimit() {
    when(rules.countOwnedBy("1")).thenReturn(Mono.just(3L));
    StepVerifier.create(service.create(alice, request(null, null)))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("3 alert rules per user"))
        .verify();
    verify(rules, never()).insert(any());
  }

  @Test
  void forAndRepeatBelowTheMinimumNameTheField() {
    assertThatThrownBy(() -> service.create(alice, request(59, null)))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("forSeconds");
    assertThatThrownBy(() -> service.create(alice, request(60, 899)))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("repeatIntervalSeconds");
  }
}
