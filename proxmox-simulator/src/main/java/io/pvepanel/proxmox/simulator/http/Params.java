package io.pvepanel.proxmox.simulator.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A route's parameter schema, validated with PVE's JSONSchema error texts. */
public final class Params {

  enum Kind {
    STRING,
    INTEGER,
    BOOLEAN,
    NUMBER
  }

  static final class Spec {
    final String name;
    final Kind kind;
    boolean required;
    Double min;
    Double max;
    Integer minLength;
    Integer maxLength;
    List<String> enumValues;
    Function<String, String> format;

    Spec(String name, Kind kind) {
      this.name = name;
      this.kind = kind;
    }
  }

  private static final Pattern INTEGER = Pattern.compile("^[+-]?\\d+$");
  private static final Pattern NUMBER =
      Pattern.compile("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$");
  private static final Pattern CONFIG_ID =
      Pattern.compile("^[a-z][a-z0-9_-]+$", Pattern.CASE_INSENSITIVE);
  private static final Pattern NODE = Pattern.compile("^[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?$");

  final Map<String, Spec> specs = new LinkedHashMap<>();

  public static Params none() {
    return new Params();
  }

  public Params str(String name) {
    specs.put(name, new Spec(name, Kind.STRING));
    return this;
  }

  public Params str(String name, Integer minLength, Integer maxLength) {
    Spec s = new Spec(name, Kind.STRING);
    s.minLength = minLength;
    s.maxLength = maxLength;
    specs.put(name, s);
    return this;
  }

  public Params integer(String name, Number min, Number max) {
    Spec s = new Spec(name, Kind.INTEGER);
    s.min = min == null ? null : min.doubleValue();
    s.max = max == null ? null : max.doubleValue();
    specs.put(name, s);
    return this;
  }

  public Params number(String name, Number min, Number max) {
    Spec s = new Spec(name, Kind.NUMBER);
    s.min = min == null ? null : min.doubleValue();
    s.max = max == null ? null : max.doubleValue();
    specs.put(name, s);
    return this;
  }

  public Params bool(String name) {
    specs.put(name, new Spec(name, Kind.BOOLEAN));
    return this;
  }

  public Params enumOf(String name, String... values) {
    Spec s = new Spec(name, Kind.STRING);
    s.enumValues = List.of(values);
    specs.put(name, s);
    return this;
  }

  public Params vmid(String name) {
    Spec s = new Spec(name, Kind.INTEGER);
    s.format = Params::vmidFormat;
    specs.put(name, s);
    return this;
  }

  public Params configId(String name) {
    Spec s = new Spec(name, Kind.STRING);
    s.maxLength = 40;
    s.format = v -> CONFIG_ID.matcher(v).matches() ? null : "invalid configuration ID '" + v + "'";
    specs.put(name, s);
    return this;
  }

  public Params required(String... names) {
    for (String n : names) {
      Spec s = specs.get(n);
      if (s == null) {
        throw new IllegalArgumentException("unknown param " + n);
      }
      s.required = true;
    }
    return this;
  }

  static String vmidFormat(String v) {
    try {
      long n = Long.parseLong(v);
      if (v.startsWith("0") || v.startsWith("+") || n < 100 || n > 999_999_999) {
        return "value does not look like a valid VM ID";
      }
      return null;
    } catch (NumberFormatException e) {
      return "value does not look like a valid VM ID";
    }
  }

  /** Adds the path parameters a template declares, with their PVE formats. */
  Params withPath(List<String> pathParams) {
    for (String p : pathParams) {
      if (specs.containsKey(p)) {
        continue;
      }
      switch (p) {
        case "vmid" -> vmid("vmid");
        case "snapname" -> configId("snapname");
        case "node" -> {
          Spec s = new Spec("node", Kind.STRING);
          s.format =
              v -> NODE.matcher(v).matches() ? null : "value does not look like a valid node name";
          specs.put("node", s);
        }
        default -> str(p);
      }
      specs.get(p).required = true;
    }
    return this;
  }

  /** Validates raw values (Strings from form/query; Boolean/Number/String from JSON). */
  Map<String, Object> validate(Map<String, Object> raw) {
    Map<String, String> errors = new LinkedHashMap<>();
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      Spec spec = specs.get(e.getKey());
      if (spec == null) {
        errors.put(
            e.getKey(),
            "property is not defined in schema and the schema does not allow additional"
                + " properties");
        continue;
      }
      Object v = e.getValue();
      String err = check(spec, v, out);
      if (err != null) {
        errors.put(spec.name, err);
      }
    }
    for (Spec spec : specs.values()) {
      if (spec.required && !raw.containsKey(spec.name) && !errors.containsKey(spec.name)) {
        errors.put(spec.name, "property is missing and it is not optional");
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.param(errors);
    }
    return out;
  }

  private static String check(Spec spec, Object v, Map<String, Object> out) {
    String text = v == null ? "" : String.valueOf(v);
    switch (spec.kind) {
      case BOOLEAN -> {
        if (v instanceof Boolean b) {
          out.put(spec.name, b);
        } else if ("1".equals(text) || "0".equals(text)) {
          out.put(spec.name, "1".equals(text));
        } else {
          return "type check ('boolean') failed - got '" + text + "'";
        }
        return null;
      }
      case INTEGER -> {
        if (v instanceof Number n && !(n instanceof Double || n instanceof Float)) {
          text = String.valueOf(n.longValue());
        }
        if (!INTEGER.matcher(text).matches()) {
          return "type check ('integer') failed - got '" + text + "'";
        }
        if (spec.format != null) {
          String f = spec.format.apply(text);
          if (f != null) {
            return "invalid format - " + f + "\n";
          }
        }
        long n;
        try {
          n = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException ex) {
          return "type check ('integer') failed - got '" + text + "'";
        }
        String range = range(spec, n);
        if (range != null) {
          return range;
        }
        out.put(spec.name, n);
        return null;
      }
      case NUMBER -> {
        if (!(v instanceof Number) && !NUMBER.matcher(text).matches()) {
          return "type check ('number') failed - got '" + text + "'";
        }
        double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
        String range = range(spec, d);
        if (range != null) {
          return range;
        }
        out.put(spec.name, d);
        return null;
      }
      default -> {
        if (spec.maxLength != null && text.length() > spec.maxLength) {
          return "value may only be " + spec.maxLength + " characters long";
        }
        if (spec.minLength != null && text.length() < spec.minLength) {
          return "value must be at least " + spec.minLength + " characters long";
        }
        if (spec.enumValues != null && !spec.enumValues.contains(text)) {
          return "value '"
              + text
              + "' does not have a value in the enumeration '"
              + String.join(", ", spec.enumValues)
              + "'";
        }
        if (spec.format != null) {
          String f = spec.format.apply(text);
          if (f != null) {
            return "invalid format - " + f + "\n";
          }
        }
        out.put(spec.name, text);
        return null;
      }
    }
  }

  private static String range(Spec spec, double n) {
    if (spec.min != null && n < spec.min) {
      return "value must have a minimum value of " + fmt(spec.min);
    }
    if (spec.max != null && n > spec.max) {
      return "value must have a maximum value of " + fmt(spec.max);
    }
    return null;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  List<String> names() {
    return new ArrayList<>(specs.keySet());
  }
}
