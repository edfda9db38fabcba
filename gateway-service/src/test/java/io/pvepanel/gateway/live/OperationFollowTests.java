package io.pvepanel.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationFollowTests {

  final List<String> sent = new ArrayList<>();
  final OperationFollow follow = new OperationFollow();

  boolean send(String frame) {
    return sent.add(frame);
  }

  @Test
  void updatesBeforeTheConfirmationAreHeldAndOnlyTheNewestIsSentAfterTheAnswer() {
    assertThat(follow.onUpdate("running", "running", false, this::send)).isFalse();
    assertThat(follow.onUpdate("succeeded", "succeeded", false, this::send)).isFalse();
    assertThat(sent).isEmpty();
    // the answer was read before the operation finished: both go out, in order, and it ends
    assertThat(follow.onConfirmed("running", "answer:running", this::send)).isTrue();
    assertThat(sent).containsExactly("answer:running", "succeeded");
  }

  @Test
  void noFrameOlderOrAsOldAsOneSentGoesOut() {
    assertThat(follow.onConfirmed("queued", "answer:queued", this::send)).isFalse();
    follow.onUpdate("queued", "queued", false, this::send);
    follow.onUpdate("running", "running", false, this::send);
    follow.onUpdate("queued", "late queued", false, this::send);
    assertThat(follow.onUpdate("failed", "failed", false, this::send)).isTrue();
    assertThat(sent).containsExactly("answer:queued", "running", "failed");
  }

  @Test
  void aWatcherOfTheServerGetsUpdatesBeforeTheConfirmationAndNoOlderAnswerAfter() {
    assertThat(follow.onUpdate("running", "running", true, this::send)).isFalse();
    assertThat(follow.onConfirmed("queued", "answer:queued", this::send)).isFalse();
    assertThat(follow.onUpdate("succeeded", "succeeded", true, this::send)).isTrue();
    assertThat(sent).containsExactly("running", "succeeded");
  }
}
