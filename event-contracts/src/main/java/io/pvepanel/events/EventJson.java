package io.pvepanel.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of events: ISO-8601 instants, unknown fields ignored (newer producers may add
 * fields), nulls kept so "no data" stays explicit.
 */
public final class EventJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private EventJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static String write(Event event) {
    return MAPPER.writeValueAsString(event);
  }

  public static <T extends Event> T read(String json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }
}
