package io.pvepanel.localsuite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Class-data sharing per service: an archive made by a training run ({@code
 * -XX:ArchiveClassesAtExit} with {@code -Dspring.context.exit=onRefresh}, which stops the JVM when
 * the context has refreshed, before any port is bound) and used afterwards with {@code
 * -XX:SharedArchiveFile}. An archive is only used while its stamp (jar size, jar time, Java
 * version) matches; a stale or failed one is ignored, never fatal.
 */
public final class Cds {

  private final Path dir;
  private final boolean enabled;

  public Cds(Path dir, boolean enabled) {
    this.dir = dir;
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  public Path archive(String service) {
    return dir.resolve(service + ".jsa");
  }

  private Path stampFile(String service) {
    return dir.resolve(service + ".jsa.stamp");
  }

  static String stamp(Path jar) throws IOException {
    return Files.size(jar)
        + " "
        + Files.getLastModifiedTime(jar).toMillis()
        + " "
        + System.getProperty("java.vm.version");
  }

  /** Whether a usable archive exists for this jar. */
  public boolean usable(String service, Path jar) {
    if (!enabled) {
      return false;
    }
    try {
      return Files.size(archive(service)) > 0
          && Files.readString(stampFile(service)).equals(stamp(jar));
    } catch (IOException e) {
      return false;
    }
  }

  /** JVM options for a normal start: the archive when usable, nothing otherwise. */
  public List<String> runOptions(String service, Path jar) {
    return usable(service, jar)
        ? List.of("-XX:SharedArchiveFile=" + archive(service).toAbsolutePath(), "-Xlog:cds=off")
        : List.of();
  }

  /** JVM options of the training run, writing to a temporary file first. */
  public List<String> trainingOptions(String service) {
    return List.of(
        "-XX:ArchiveClassesAtExit=" + tmp(service).toAbsolutePath(),
        "-Dspring.context.exit=onRefresh");
  }

  private Path tmp(String service) {
    return dir.resolve(service + ".jsa.tmp");
  }

  /** Moves a training run's archive in place; false (and nothing kept) if it made none. */
  public boolean commit(String service, Path jar, int exitCode) throws IOException {
    Path tmp = tmp(service);
    if (exitCode != 0 || !Files.exists(tmp) || Files.size(tmp) == 0) {
      Files.deleteIfExists(tmp);
      return false;
    }
    Files.move(tmp, archive(service), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(stampFile(service), stamp(jar));
    return true;
  }

  public void prepare() throws IOException {
    Files.createDirectories(dir);
  }
}
