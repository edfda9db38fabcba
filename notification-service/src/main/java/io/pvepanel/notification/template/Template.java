package io.pvepanel.notification.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny template: literal text with {@code {{name}}} placeholders, parsed once. Values are
 * inserted verbatim ({@link #renderText}), HTML-escaped ({@link #renderHtml}) or with line breaks
 * removed ({@link #renderLine}, for headers). A missing value renders as an empty string.
 */
final class Template {

  private final List<String> literals = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  Template(String source) {
    int at = 0;
    while (true) {
      int open = source.indexOf("{{", at);
      if (open < 0) {
        literals.add(source.substring(at));
        return;
      }
      int close = source.indexOf("}}", open);
      if (close < 0) {
        throw new IllegalArgumentException("Unclosed placeholder at " + open);
      }
      String name = source.substring(open + 2, close).strip();
      if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
        throw new IllegalArgumentException("Bad placeholder name '" + name + "'");
      }
      literals.add(source.substring(at, open));
      names.add(name);
      at = close + 2;
    }
  }

  String renderText(Map<String, String> values) {
    return render(values, Mode.TEXT);
  }

  String renderHtml(Map<String, String> values) {
    return render(values, Mode.HTML);
  }

  String renderLine(Map<String, String> values) {
    return render(values, Mode.LINE);
  }

  private String render(Map<String, String> values, Mode mode) {
    StringBuilder out = new StringBuilder(256);
    for (int i = 0; i < names.size(); i++) {
      out.append(literals.get(i));
      String value = values.getOrDefault(names.get(i), "");
      if (value == null) {
        value = "";
      }
      switch (mode) {
        case TEXT -> out.append(value);
        case HTML -> escapeHtml(value, out);
        // every control character and Unicode line/paragraph separator: a header stays one line
        case LINE -> out.append(value.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]+", " "));
      }
    }
    out.append(literals.get(literals.size() - 1));
    return out.toString();
  }

  static String escapeHtml(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    escapeHtml(value, out);
    return out.toString();
  }

  private static void escapeHtml(String value, StringBuilder out) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }

  private enum Mode {
    TEXT,
    HTML,
    LINE
  }
}
