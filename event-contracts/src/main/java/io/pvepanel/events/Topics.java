package io.pvepanel.events;

/** The suite's Kafka topics. Every record's key is the server id as a string. */
public final class Topics {

  /** Compacted: the current record of each server; a tombstone (null value) on delete. */
  public static final String SERVER_INVENTORY = "server.inventory";

  /** Operations (queued/running/succeeded/failed), status changes, password changed, deleted. */
  public static final String SERVER_EVENTS = "server.events";

  /** One normalised sample per server per collection cycle. */
  public static final String SERVER_METRICS = "server.metrics";

  /** Alerts firing, repeating and resolved. */
  public static final String ALERT_EVENTS = "alert.events";

  /** Suffix of the dead-letter topic of each topic (spring-kafka's convention). */
  public static final String DEAD_LETTER_SUFFIX = "-dlt";

  private Topics() {}

  public static String deadLetter(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}
