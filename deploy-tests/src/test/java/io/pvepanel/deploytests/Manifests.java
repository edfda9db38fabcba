package io.pvepanel.deploytests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads a kustomization as typed fabric8 objects (CRDs as GenericKubernetesResource): rendered by
 * {@code kubectl kustomize} when kubectl is on the PATH, else the base's resource files read
 * directly (overlay patches are then only parsed, not applied).
 */
final class Manifests {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  static boolean kubectlAvailable() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "kubectl"))) {
        return true;
      }
    }
    return false;
  }

  static List<HasMetadata> build(Path kustomization) throws Exception {
    String yaml =
        kubectlAvailable() ? kustomize(kustomization) : concatenateResources(kustomization);
    return parse(yaml);
  }

  static String kustomize(Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kustomize", ".yaml");
    Path err = Files.createTempFile("kustomize", ".err");
    try {
      Process p =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "kubectl kustomize " + dir + " failed: " + Files.readString(err));
      }
      return Files.readString(out);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The resources a kustomization lists, recursively, without patches. */
  @SuppressWarnings("unchecked")
  static String concatenateResources(Path dir) throws IOException {
    Map<String, Object> k =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(dir.resolve("kustomization.yaml")));
    StringBuilder sb = new StringBuilder();
    for (String r : (List<String>) k.getOrDefault("resources", List.of())) {
      Path p = dir.resolve(r).normalize();
      if (Files.isDirectory(p)) {
        sb.append(concatenateResources(p));
      } else {
        sb.append("\n---\n").append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  static List<HasMetadata> parse(String multiDoc) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : multiDoc.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      out.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
    }
    return out;
  }
}
