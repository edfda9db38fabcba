package io.pvepanel.localsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTests {

  @TempDir Path dir;

  @Test
  void archiveIsUsedOnlyAfterASuccessfulTrainingAndWhileTheJarIsUnchanged() throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "jar v1");
    Cds cds = new Cds(dir.resolve("cds"), true);
    cds.prepare();
    assertThat(cds.runOptions("control", jar)).isEmpty();
    assertThat(cds.trainingOptions("control"))
        .anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="))
        .contains("-Dspring.context.exit=onRefresh");

    // a failed training run keeps nothing
    Files.writeString(dir.resolve("cds/control.jsa.tmp"), "partial");
    assertThat(cds.commit("control", jar, 1)).isFalse();
    assertThat(cds.usable("control", jar)).isFalse();

    Files.writeString(dir.resolve("cds/control.jsa.tmp"), "archive");
    assertThat(cds.commit("control", jar, 0)).isTrue();
    assertThat(cds.runOptions("control", jar))
        .contains("-XX:SharedArchiveFile=" + dir.resolve("cds/control.jsa").toAbsolutePath());

    // a rebuilt jar makes the archive stale
    Files.writeString(jar, "jar v2, longer");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(cds.usable("control", jar)).isFalse();
  }

  @Test
  void disabledMeansNoOptions() throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "jar");
    Cds cds = new Cds(dir.resolve("cds"), false);
    assertThat(cds.runOptions("control", jar)).isEmpty();
  }
}
