package io.pvepanel.alerting.evaluation;

/** How a value is compared with a rule's threshold. */
public enum Operator {
  GT(">"),
  GE(">="),
  LT("<"),
  LE("<=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public static Operator fromSymbol(String symbol) {
    for (Operator o : values()) {
      if (o.symbol.equals(symbol)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown operator: " + symbol);
  }

  public boolean test(double value, double threshold) {
    return switch (this) {
      case GT -> value > threshold;
      case GE -> value >= threshold;
      case LT -> value < threshold;
      case LE -> value <= threshold;
    };
  }
}
