package io.pvepanel.deploytests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.pvepanel.events.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Invariants of the Kubernetes manifests, in the base and in each overlay as rendered. */
class KubernetesManifestTests {

  /**
   * Secrets the manifests reference and deploy/README.md documents; none is committed. Strimzi
   * writes the cluster CA's and each KafkaUser's (named as its service).
   */
  static final Set<String> DOCUMENTED_SECRETS =
      Set.of(
          "pvepanel-jwt",
          "pvepanel-rsocket",
          "pvepanel-db",
          "pvepanel-db-ca",
          "pvepanel-db-tls",
          "pvepanel-proxmox",
          "pvepanel-node-ssh",
          "pvepanel-smtp",
          "pvepanel-tls",
          "pvepanel-cluster-ca-cert",
          "gateway-service",
          "server-control-service",
          "metrics-collector-service",
          "alerting-service",
          "notification-service");

  /** Services with a database of their own. */
  static final Set<String> WITH_DATABASE =
      Set.of(
          "server-control-service",
          "metrics-collector-service",
          "alerting-service",
          "notification-service");

  /**
   * The collector polls each cluster once per cycle, whatever runs: the lease holder polls and the
   * other instance stands by. A fixed pair (one in development), no HPA.
   */
  static final String ACTIVE_STANDBY = "metrics-collector-service";

  private static List<HasMetadata> load(String dir) throws Exception {
    return Manifests.build(Project.root().resolve("k8s").resolve(dir));
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objs, Class<T> type) {
    return objs.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<GenericKubernetesResource> crs(List<HasMetadata> objs, String kind) {
    return all(objs, GenericKubernetesResource.class).stream()
        .filter(r -> kind.equals(r.getKind()))
        .toList();
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static Deployment deployment(List<HasMetadata> objs, String name) {
    return all(objs, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void deploymentsAreProbedBoundedAndLockedDown(String dir) throws Exception {
    List<HasMetadata> objs = load(dir);
    assertThat(all(objs, Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(Project.SERVICE_PORTS.keySet());
    for (Deployment d : all(objs, Deployment.class)) {
      String name = d.getMetadata().getName();
      assertThat(
              selects(
                  d.getSpec().getSelector().getMatchLabels(),
                  d.getSpec().getTemplate().getMetadata().getLabels()))
          .as("%s selector matches its pod labels", name)
          .isTrue();
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      Container c = pod.getContainers().get(0);
      assertThat(c.getPorts())
          .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
          .as(name)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("http", Project.SERVICE_PORTS.get(name)),
              org.assertj.core.groups.Tuple.tuple(
                  "management", Project.MANAGEMENT_PORTS.get(name)));
      assertThat(c.getReadinessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/readiness");
      assertThat(c.getLivenessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/liveness");
      // hole 9: actuator answers on the management port only
      for (var probe : List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(name).isEqualTo("management");
      }
      assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).as(name).containsKey("memory");
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
      String tmpVolume =
          c.getVolumeMounts().stream()
              .filter(m -> m.getMountPath().equals("/tmp"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(name + " mounts no /tmp"))
              .getName();
      assertThat(pod.getVolumes())
          .as("%s /tmp is an emptyDir", name)
          .anyMatch(v -> v.getName().equals(tmpVolume) && v.getEmptyDir() != null);
      List<String> preStop = c.getLifecycle().getPreStop().getExec().getCommand();
      assertThat(preStop.get(0)).isEqualTo("sleep");
      long sleep = Long.parseLong(preStop.get(1));
      assertThat(sleep).as("%s preStop sleep", name).isPositive();
      assertThat(pod.getTerminationGracePeriodSeconds())
          .as("%s grace period >= preStop + Spring's 30 s shutdown phase", name)
          .isGreaterThanOrEqualTo(sleep + 30);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void servicesHpasAndPdbsFitTheirDeployments(String dir) throws Exception {
    List<HasMetadata> objs = load(dir);
    for (String name : Project.SERVICE_PORTS.keySet()) {
      Deployment d = deployment(objs, name);
      Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);

      Service svc =
          all(objs, Service.class).stream()
              .filter(s -> s.getMetadata().getName().equals(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Service " + name));
      assertThat(selects(svc.getSpec().getSelector(), podLabels))
          .as("%s Service selector", name)
          .isTrue();
      for (ServicePort p : svc.getSpec().getPorts()) {
        var target = p.getTargetPort();
        assertThat(c.getPorts())
            .as("%s Service targetPort %s", name, target)
            .anyMatch(
                cp ->
                    target.getStrVal() != null
                        ? target.getStrVal().equals(cp.getName())
                        : Objects.equals(target.getIntVal(), cp.getContainerPort()));
        assertThat(p.getPort())
            .isEqualTo(
                "management".equals(p.getName())
                    ? Project.MANAGEMENT_PORTS.get(name)
                    : Project.SERVICE_PORTS.get(name));
      }

      assertThat(all(objs, PodDisruptionBudget.class))
          .as("%s PDB", name)
          .anyMatch(p -> selects(p.getSpec().getSelector().getMatchLabels(), podLabels));

      List<HorizontalPodAutoscaler> hpas =
          all(objs, HorizontalPodAutoscaler.class).stream()
              .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name))
              .toList();
      if (name.equals(ACTIVE_STANDBY)) {
        assertThat(hpas).as("the collector is not scaled out").isEmpty();
        assertThat(d.getSpec().getReplicas()).isEqualTo(dir.equals("overlays/dev") ? 1 : 2);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
            .as("a standby is up before the holder goes")
            .isZero();
      } else {
        assertThat(hpas).as("%s HPA", name).hasSize(1);
        assertThat(hpas.get(0).getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpas.get(0).getSpec().getMetrics())
            .anyMatch(m -> m.getResource() != null && m.getResource().getName().equals("cpu"));
      }

      assertThat(crs(objs, "ServiceMonitor"))
          .as("%s ServiceMonitor", name)
          .anyMatch(
              sm -> {
                Map<String, Object> spec = sm.get("spec");
                @SuppressWarnings("unchecked")
                Map<String, String> match =
                    (Map<String, String>)
                        ((Map<String, Object>) spec.get("selector")).get("matchLabels");
                return selects(match, svc.getMetadata().getLabels())
                    && spec.get("endpoints").toString().contains("/actuator/prometheus")
                    && spec.get("endpoints").toString().contains("port=management");
              });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void environmentCoversWhatEachServiceReadsAndSecretsAreOnlyReferenced(String dir)
      throws Exception {
    List<HasMetadata> objs = load(dir);
    assertThat(all(objs, Secret.class)).as("no Secret is committed").isEmpty();
    Map<String, ConfigMap> configMaps = new java.util.HashMap<>();
    all(objs, ConfigMap.class).forEach(cm -> configMaps.put(cm.getMetadata().getName(), cm));
    Set<String> referencedSecrets = new TreeSet<>();
    for (String name : Project.SERVICE_PORTS.keySet()) {
      Container c = deployment(objs, name).getSpec().getTemplate().getSpec().getContainers().get(0);
      Set<String> provided = new TreeSet<>();
      for (EnvFromSource from : c.getEnvFrom()) {
        ConfigMap cm = configMaps.get(from.getConfigMapRef().getName());
        assertThat(cm).as("%s envFrom %s", name, from.getConfigMapRef().getName()).isNotNull();
        provided.addAll(cm.getData().keySet());
      }
      for (EnvVar e : c.getEnv()) {
        provided.add(e.getName());
        assertThat(e.getValue()).as("%s %s: secrets only by reference", name, e.getName()).isNull();
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
          referencedSecrets.add(e.getValueFrom().getSecretKeyRef().getName());
        }
      }
      Set<String> extra = new TreeSet<>(provided);
      extra.removeIf(Project::allowedExtra);
      assertThat(extra)
          .as("%s environment vs application.yml", name)
          .isEqualTo(Project.placeholders(name));
    }
    assertThat(DOCUMENTED_SECRETS).containsAll(referencedSecrets);
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void networkPoliciesDenyByDefaultAndOnlyTheGatewayIsReachableFromOutside(String dir)
      throws Exception {
    List<HasMetadata> objs = load(dir);
    List<NetworkPolicy> policies = all(objs, NetworkPolicy.class);
    assertThat(policies)
        .as("a default deny for every service pod")
        .anyMatch(
            p ->
                p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                    && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                    && (p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty())
                    && Map.of("app.kubernetes.io/component", "service")
                        .equals(p.getSpec().getPodSelector().getMatchLabels()));
    assertThat(policies)
        .as("DNS egress")
        .anyMatch(
            p ->
                p.getSpec().getEgress() != null
                    && p.getSpec().getEgress().stream()
                        .anyMatch(
                            r ->
                                r.getPorts().stream()
                                    .anyMatch(pt -> pt.getPort().getIntVal() == 53)));
    for (String name : Project.SERVICE_PORTS.keySet()) {
      Map<String, String> labels =
          deployment(objs, name).getSpec().getTemplate().getMetadata().getLabels();
      List<NetworkPolicy> own =
          policies.stream()
              .filter(
                  p ->
                      Map.of("app.kubernetes.io/name", name)
                          .equals(p.getSpec().getPodSelector().getMatchLabels()))
              .toList();
      assertThat(own).as("%s has its own NetworkPolicy", name).hasSize(1);
      assertThat(selects(own.get(0).getSpec().getPodSelector().getMatchLabels(), labels)).isTrue();
      // from outside the namespace only: the ingress controller to the gateway, Prometheus scrapes
      for (NetworkPolicy p : policies) {
        if (p.getSpec().getIngress() == null
            || !selects(p.getSpec().getPodSelector().getMatchLabels(), labels)) {
          continue;
        }
        for (var rule : p.getSpec().getIngress()) {
          for (NetworkPolicyPeer peer : rule.getFrom()) {
            assertThat(peer.getIpBlock()).as("%s: no ipBlock ingress", name).isNull();
            if (peer.getNamespaceSelector() != null) {
              String ns =
                  peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
              assertThat(ns)
                  .as("%s ingress from namespace", name)
                  .isIn(
                      name.equals("gateway-service")
                          ? List.of("ingress-nginx", "monitoring")
                          : List.of("monitoring"));
            }
          }
        }
      }
    }
    // the gateway reaches every backend
    NetworkPolicy gw =
        policies.stream()
            .filter(p -> p.getMetadata().getName().equals("gateway-service"))
            .findFirst()
            .orElseThrow();
    Set<Integer> gwPorts = new HashSet<>();
    gw.getSpec()
        .getEgress()
        .forEach(r -> r.getPorts().forEach(p -> gwPorts.add(p.getPort().getIntVal())));
    assertThat(gwPorts).contains(8081, 8082, 8083, 8084, 9093);
    // holes 2 and 11: the gateway holds no cluster credential and reaches no Proxmox node; the
    // control service, which opens every console upstream, reaches Proxmox' 8006
    assertThat(gwPorts).as("gateway egress").doesNotContain(8006, 22);
    assertThat(gw.getSpec().getEgress())
        .as("gateway egress goes to pods only")
        .allMatch(r -> r.getTo().stream().allMatch(peer -> peer.getIpBlock() == null));
    NetworkPolicy control =
        policies.stream()
            .filter(p -> p.getMetadata().getName().equals("server-control-service"))
            .findFirst()
            .orElseThrow();
    assertThat(control.getSpec().getEgress())
        .as("control reaches Proxmox' API and console port")
        .anyMatch(
            r ->
                r.getTo().stream().allMatch(peer -> peer.getIpBlock() != null)
                    && r.getPorts().stream().anyMatch(pt -> pt.getPort().getIntVal() == 8006));
    // hole 2: only the gateway reaches control's API and RSocket port
    assertThat(control.getSpec().getIngress())
        .allMatch(
            r ->
                r.getFrom().stream()
                    .allMatch(
                        peer ->
                            peer.getNamespaceSelector() == null
                                && Map.of("app.kubernetes.io/name", "gateway-service")
                                    .equals(peer.getPodSelector().getMatchLabels())));
    // hole 9: Prometheus (and anything else in its namespace) reaches the management port only
    for (NetworkPolicy p : policies) {
      if (p.getSpec().getIngress() == null) {
        continue;
      }
      for (var rule : p.getSpec().getIngress()) {
        boolean fromMonitoring =
            rule.getFrom().stream()
                .anyMatch(
                    peer ->
                        peer.getNamespaceSelector() != null
                            && "monitoring"
                                .equals(
                                    peer.getNamespaceSelector()
                                        .getMatchLabels()
                                        .get("kubernetes.io/metadata.name")));
        if (fromMonitoring) {
          assertThat(rule.getPorts())
              .as("%s: monitoring reaches only the management port", p.getMetadata().getName())
              .isNotEmpty()
              .allMatch(pt -> "management".equals(pt.getPort().getStrVal()));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void ingressRoutesOnlyToTheGatewayAndKeepsWebSocketsOpen(String dir) throws Exception {
    List<Ingress> ingresses = all(load(dir), Ingress.class);
    assertThat(ingresses).hasSize(1);
    Ingress in = ingresses.get(0);
    assertThat(in.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-http-version", "1.1");
    assertThat(in.getSpec().getDefaultBackend()).isNull();
    for (IngressRule r : in.getSpec().getRules()) {
      r.getHttp()
          .getPaths()
          .forEach(
              p -> assertThat(p.getBackend().getService().getName()).isEqualTo("gateway-service"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void kafkaTopicsAreTheSuitesTopics(String dir) throws Exception {
    List<HasMetadata> objs = load(dir);
    assertThat(crs(objs, "Kafka")).hasSize(1);
    assertThat(crs(objs, "KafkaNodePool")).hasSize(1);
    List<GenericKubernetesResource> topics = crs(objs, "KafkaTopic");
    Set<String> expected = new TreeSet<>();
    for (var f : Topics.class.getFields()) {
      if (f.getType() == String.class && !f.getName().equals("DEAD_LETTER_SUFFIX")) {
        expected.add((String) f.get(null));
      }
    }
    assertThat(topics)
        .extracting(t -> t.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (GenericKubernetesResource t : topics) {
      Map<String, Object> spec = t.get("spec");
      assertThat(((Number) spec.get("partitions")).intValue()).isGreaterThanOrEqualTo(3);
      @SuppressWarnings("unchecked")
      Map<String, Object> config = (Map<String, Object>) spec.getOrDefault("config", Map.of());
      assertThat(config.get("cleanup.policy"))
          .as(t.getMetadata().getName())
          .isEqualTo(t.getMetadata().getName().equals(Topics.SERVER_INVENTORY) ? "compact" : null);
    }
  }

  @Test
  void monitoringRulesAndDashboard() throws Exception {
    List<HasMetadata> objs = load("base");
    List<GenericKubernetesResource> rules = crs(objs, "PrometheusRule");
    assertThat(rules).hasSize(1);
    String text = rules.get(0).get("spec").toString();
    assertThat(text)
        .contains("PvepanelServiceDown", "PvepanelHigh5xxRate", "PvepanelKafkaConsumerLag");
    ConfigMap dashboard =
        all(objs, ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().equals("pvepanel-grafana-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    String json = dashboard.getData().get("grafana-dashboard.json");
    Map<?, ?> parsed = Manifests.SERIALIZATION.unmarshal(json, Map.class);
    assertThat((List<?>) parsed.get("panels")).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void everyManifestAndPatchFileParses() throws Exception {
    Path k8s = Project.root().resolve("k8s");
    List<Path> files;
    try (Stream<Path> s = Files.walk(k8s)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    for (Path f : files) {
      String text = Files.readString(f);
      for (Object doc : yaml.loadAll(text)) {
        assertThat(doc).as("%s", f).isNotNull();
      }
      boolean jsonPatch = text.stripLeading().startsWith("- op:") || text.contains("\n- op:");
      if (!f.getFileName().toString().equals("kustomization.yaml") && !jsonPatch) {
        assertThat(Manifests.parse(text)).as("%s as Kubernetes objects", f).isNotEmpty();
      }
    }
  }
}
