package io.pvepanel.notification.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.pvepanel.notification.delivery.DeliveryStore;
import io.pvepanel.notification.delivery.NewDelivery;
import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.security.CurrentUser;
import io.pvepanel.web.InvalidFieldException;
import io.pvepanel.web.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ContactAddressesTests {

  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final CurrentUser USER = new CurrentUser("7", "7@example.test", false);
  static final EnumSet<NotificationKind> ALL = EnumSet.allOf(NotificationKind.class);

  SettingsStore store = mock(SettingsStore.class);
  DeliveryStore deliveries = mock(DeliveryStore.class);
  ContactAddresses addresses =
      new ContactAddresses(
          store,
          deliveries,
          new ConfirmationProperties(Duration.ofHours(24), Duration.ofMinutes(5), 5, ""),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void saveEchoes() {
    when(store.save(any())).thenAnswer(i -> Mono.just(i.getArgument(0)));
    when(deliveries.insertIfAbsent(any())).thenReturn(Mono.just(true));
    when(store.issueCode(anyString(), anyString(), anyString(), any(), any()))
        .thenReturn(Mono.just(true));
  }

  private void current(String confirmed, String pending, Instant sentAt) {
    when(store.find("7"))
        .thenReturn(Mono.just(new ContactSettings("7", confirmed, pending, sentAt, ALL, true)));
  }

  @Test
  void theAccountsOwnAddressCountsAsConfirmedAndSendsNothing() {
    current(null, null, null);
    StepVerifier.create(addresses.save(USER, "7@EXAMPLE.test", ALL))
        .assertNext(
            s -> {
              assertThat(s.email()).isEqualTo("7@EXAMPLE.test");
              assertThat(s.pendingEmail()).isNull();
            })
        .verifyComplete();
    verify(deliveries, never()).insertIfAbsent(any());
  }

  @Test
  void aNewAddressIsPendingKeepsThePreviousOneAndGetsOnlyAConfirmationMail() {
    current("old@example.test", null, null);
    StepVerifier.create(addresses.save(USER, "new@example.test", ALL))
        .expectNextCount(1)
        .verifyComplete();
    ArgumentCaptor<ContactSettings> saved = ArgumentCaptor.forClass(ContactSettings.class);
    verify(store).save(saved.capture());
    assertThat(saved.getValue().email()).isEqualTo("old@example.test");
    assertThat(saved.getValue().pendingEmail()).isEqualTo("new@example.test");
    ArgumentCaptor<NewDelivery> mail = ArgumentCaptor.forClass(NewDelivery.class);
    verify(deliveries).insertIfAbsent(mail.capture());
    assertThat(mail.getValue().kind()).isEqualTo(NotificationKind.CONTACT_CONFIRMATION);
    assertThat(mail.getValue().recipient()).isEqualTo("new@example.test");
    // the code is stored hashed: 64 hex digits, never the code itself
    ArgumentCaptor<String> hash = ArgumentCaptor.forClass(String.class);
    verify(store)
        .issueCode(
            eq("7"),
            eq("new@example.test"),
            hash.capture(),
            eq(NOW.plus(Duration.ofHours(24))),
            eq(NOW.minus(Duration.ofMinutes(5))));
    assertThat(hash.getValue()).matches("[0-9a-f]{64}");
    assertThat(mail.getValue().mail().text()).doesNotContain(hash.getValue());
  }

  @Test
  void theSamePendingAddressAgainSendsNoSecondMail() {
    current(null, "new@example.test", NOW.minusSeconds(10));
    StepVerifier.create(addresses.save(USER, "new@example.test", ALL))
        .expectNextCount(1)
        .verifyComplete();
    verify(deliveries, never()).insertIfAbsent(any());
  }

  @Test
  void anotherAddressWithinTheResendIntervalIs429WithTheWait() {
    current(null, "new@example.test", NOW.minusSeconds(60));
    StepVerifier.create(addresses.save(USER, "other@example.test", ALL))
        .expectErrorSatisfies(
            e ->
                assertThat(((TooManyRequestsException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(240)))
        .verify();
    StepVerifier.create(addresses.resend(USER))
        .expectError(TooManyRequestsException.class)
        .verify();
    verify(store, never()).save(any());
  }

  @Test
  void aWrongCodeIsAProblemNamingTheField() {
    when(store.confirm(eq("7"), anyString(), eq(NOW), anyInt())).thenReturn(Mono.just(false));
    StepVerifier.create(addresses.confirm(USER, "abcde-fghjk"))
        .expectErrorSatisfies(
            e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("code"))
        .verify();
    verify(store).confirm("7", io.pvepanel.security.Digests.sha256Hex("ABCDEFGHJK"), NOW, 5);
  }
}
