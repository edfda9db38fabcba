package io.pvepanel.proxmox.simulator.fault;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Fault injection rules, consulted for every {@code /api2/json} request. Thread-safe. */
public final class Faults {

  /** How a full outage shows itself. */
  public enum OutageMode {
    /** The API port stops accepting connections (connection refused). */
    REFUSE,
    /** Every API request answers 595 like pveproxy when the target node is unreachable. */
    ERROR_595
  }

  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final Random random;
  private volatile OutageMode outage;
  private final Consumer<Boolean> listenerControl;

  /**
   * @param listenerControl called with {@code false} to stop accepting connections and {@code true}
   *     to accept again (REFUSE outages)
   */
  public Faults(long seed, Consumer<Boolean> listenerControl) {
    this.random = new Random(seed);
    this.listenerControl = listenerControl;
  }

  public FaultRule add(FaultRule rule) {
    FaultRule withId =
        rule.id() != null
            ? rule
            : new FaultRule(
                "f" + ids.incrementAndGet(),
                rule.method(),
                rule.pathPattern(),
                rule.latency(),
                rule.errorRate(),
                rule.errorStatus(),
                rule.errorMessage(),
                rule.truncate());
    FaultRule.compile(withId.pathPattern());
    rules.add(withId);
    return withId;
  }

  public FaultRule latency(String method, String pathPattern, Duration latency) {
    return add(new FaultRule(null, method, pathPattern, latency, 0, 0, null, false));
  }

  public FaultRule errorRate(String method, String pathPattern, double rate, int status) {
    return add(new FaultRule(null, method, pathPattern, Duration.ZERO, rate, status, null, false));
  }

  public FaultRule error(String method, String pathPattern, int status, String message) {
    return add(
        new FaultRule(null, method, pathPattern, Duration.ZERO, 1.0, status, message, false));
  }

  public FaultRule truncate(String method, String pathPattern) {
    return add(new FaultRule(null, method, pathPattern, Duration.ZERO, 0, 0, null, true));
  }

  public boolean remove(String id) {
    return rules.removeIf(r -> r.id().equals(id));
  }

  public List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  /** Starts a full outage until {@link #endOutage()} or {@link #clear()}. */
  public synchronized void outage(OutageMode mode) {
    if (outage == OutageMode.REFUSE && mode != OutageMode.REFUSE) {
      listenerControl.accept(true);
    }
    outage = mode;
    if (mode == OutageMode.REFUSE) {
      listenerControl.accept(false);
    }
  }

  public synchronized void endOutage() {
    if (outage == OutageMode.REFUSE) {
      listenerControl.accept(true);
    }
    outage = null;
  }

  public OutageMode currentOutage() {
    return outage;
  }

  /** Removes every rule and ends any outage. */
  public void clear() {
    rules.clear();
    endOutage();
  }

  /** The combined effect for one request; fields are neutral when nothing matches. */
  public record Effect(Duration latency, int errorStatus, String errorMessage, boolean truncate) {
    public static final Effect NONE = new Effect(Duration.ZERO, 0, null, false);
  }

  public Effect evaluate(String method, String path) {
    if (outage == OutageMode.ERROR_595) {
      return new Effect(Duration.ZERO, 595, FaultRule.defaultMessage(595), false);
    }
    Duration latency = Duration.ZERO;
    int status = 0;
    String message = null;
    boolean truncate = false;
    for (FaultRule r : rules) {
      if (!r.matches(method, path)) {
        continue;
      }
      latency = latency.plus(r.latency());
      if (status == 0 && r.errorRate() > 0 && r.errorStatus() > 0) {
        boolean hit;
        synchronized (random) {
          hit = r.errorRate() >= 1.0 || random.nextDouble() < r.errorRate();
        }
        if (hit) {
          status = r.errorStatus();
          message = r.errorMessage() != null ? r.errorMessage() : FaultRule.defaultMessage(status);
        }
      }
      truncate |= r.truncate();
    }
    if (latency.isZero() && status == 0 && !truncate) {
      return Effect.NONE;
    }
    return new Effect(latency, status, message, truncate);
  }
}
