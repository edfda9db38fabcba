package io.pvepanel.gateway.live;

import java.util.function.Predicate;

/**
 * One socket following one operation ({@code subscribe:operation}). The follow is registered with
 * the hub before the control service has confirmed that the user may see the operation, so that no
 * Kafka update falls between the control service's answer and the registration; until then updates
 * are held (the latest one only), not delivered. Frames go out in the order of the operation's
 * states ({@code queued} → {@code running} → {@code succeeded}/{@code failed}): a frame no newer
 * than one already sent is skipped, so the answer and a Kafka update carrying the same state arrive
 * once. Frames are sent under this object's lock, so the two sources cannot reorder them.
 */
final class OperationFollow {

  static final int FINISHED = 2;

  private boolean confirmed;
  private int sentRank = -1;
  private String held;
  private int heldRank = -1;

  static int rank(String state) {
    if (state == null) {
      return 0;
    }
    return switch (state) {
      case "running" -> 1;
      case "succeeded", "failed" -> FINISHED;
      default -> 0;
    };
  }

  /**
   * An update from Kafka. {@code watching}: the socket also watches the operation's server and may
   * see the update whether or not the follow has been confirmed. Returns whether the follow has
   * ended (confirmed and finished).
   */
  synchronized boolean onUpdate(
      String state, String frame, boolean watching, Predicate<String> send) {
    int rank = rank(state);
    if (!confirmed && !watching) {
      if (rank >= heldRank) {
        held = frame;
        heldRank = rank;
      }
      return false;
    }
    sendIfNewer(rank, frame, send);
    return ended();
  }

  /**
   * The control service's answer: the user may follow, this is the state now. Sends it and any
   * newer update held meanwhile; returns whether the follow has ended.
   */
  synchronized boolean onConfirmed(String state, String frame, Predicate<String> send) {
    confirmed = true;
    sendIfNewer(rank(state), frame, send);
    if (held != null) {
      sendIfNewer(heldRank, held, send);
      held = null;
    }
    return ended();
  }

  private void sendIfNewer(int rank, String frame, Predicate<String> send) {
    if (rank > sentRank) {
      sentRank = rank;
      send.test(frame);
    }
  }

  private boolean ended() {
    return confirmed && sentRank >= FINISHED;
  }
}
