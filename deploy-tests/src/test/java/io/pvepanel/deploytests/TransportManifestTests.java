package io.pvepanel.deploytests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pvepanel.events.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #13, hole 10 (Transport) as the Kubernetes manifests implement it: the database verified
 * over TLS, Kafka over TLS with one identity per service and ACLs by which only a topic's owner
 * writes it, and the node SSH key as a mounted file.
 */
class TransportManifestTests {

  static final String DB_CA_DIR = "/etc/pvepanel/db-ca";

  /** Who writes each of the suite's topics (design §5): exactly one identity each. */
  static final Map<String, String> OWNERS =
      Map.of(
          Topics.SERVER_INVENTORY, "server-control-service",
          Topics.SERVER_EVENTS, "server-control-service",
          Topics.SERVER_METRICS, "metrics-collector-service",
          Topics.ALERT_EVENTS, "alerting-service");

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

  private static Deployment deployment(List<HasMetadata> objs, String name) {
    return all(objs, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  private static Map<String, String> configMap(List<HasMetadata> objs, String name) {
    return all(objs, ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ConfigMap " + name))
        .getData();
  }

  /** The Secret mounted read-only at {@code dir} in {@code name}'s pod, or null. */
  private static String secretMountedAt(Deployment d, String dir) {
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    for (VolumeMount m : c.getVolumeMounts()) {
      if (m.getMountPath().equals(dir)) {
        assertThat(m.getReadOnly()).as("%s mounts %s read-only", name(d), dir).isTrue();
        for (Volume v : pod.getVolumes()) {
          if (v.getName().equals(m.getName()) && v.getSecret() != null) {
            return v.getSecret().getSecretName();
          }
        }
      }
    }
    return null;
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }

  private static String secretRef(Container c, String env) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(env))
        .map(EnvVar::getValueFrom)
        .filter(v -> v != null && v.getSecretKeyRef() != null)
        .map(v -> v.getSecretKeyRef().getName())
        .findFirst()
        .orElse(null);
  }

  // ---------------------------------------------------------------- database

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void databaseConnectionsVerifyTheServerAgainstTheMountedCa(String dir) throws Exception {
    List<HasMetadata> objs = load(dir);
    for (String svc : KubernetesManifestTests.WITH_DATABASE) {
      Map<String, String> cm = configMap(objs, svc);
      String r2dbc = cm.get("DB_URL");
      String jdbc = cm.get("FLYWAY_URL");
      // r2dbc-mysql: VERIFY_IDENTITY = the chain against sslCa and the host name
      assertThat(query(r2dbc)).as("%s DB_URL", svc).containsEntry("sslMode", "VERIFY_IDENTITY");
      String ca = query(r2dbc).get("sslCa");
      assertThat(ca).as("%s DB_URL sslCa", svc).isEqualTo(DB_CA_DIR + "/ca.crt");
      // MariaDB Connector/J (Flyway): verify-full = the same, CA from serverSslCert
      assertThat(query(jdbc))
          .as("%s FLYWAY_URL", svc)
          .containsEntry("sslMode", "verify-full")
          .containsEntry("serverSslCert", ca);
      assertThat(secretMountedAt(deployment(objs, svc), DB_CA_DIR))
          .as("%s mounts the database CA", svc)
          .isEqualTo("pvepanel-db-ca");
    }
  }

  @Test
  void composeAndTheLocalRunKeepPlainTcpToTheirLocalDatabase() throws Exception {
    String compose = Files.readString(Project.root().resolve("docker-compose.yml"));
    assertThat(compose).doesNotContain("VERIFY_IDENTITY").doesNotContain("verify-full");
    assertThat(compose).contains("sslMode=DISABLED");
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new TreeMap<>();
    int q = url.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String kv : url.substring(q + 1).split("&")) {
      int eq = kv.indexOf('=');
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return out;
  }

  // ---------------------------------------------------------------- Kafka

  record Acl(String type, String name, String pattern, Set<String> operations) {}

  @SuppressWarnings("unchecked")
  private static Map<String, List<Acl>> acls(List<HasMetadata> objs) {
    Map<String, List<Acl>> out = new TreeMap<>();
    for (GenericKubernetesResource u : crs(objs, "KafkaUser")) {
      Map<String, Object> spec = u.get("spec");
      assertThat(((Map<String, Object>) spec.get("authentication")).get("type"))
          .as("%s authenticates by TLS certificate", name(u))
          .isEqualTo("tls");
      Map<String, Object> authz = (Map<String, Object>) spec.get("authorization");
      assertThat(authz.get("type")).as(name(u)).isEqualTo("simple");
      List<Acl> list = new ArrayList<>();
      for (Map<String, Object> a : (List<Map<String, Object>>) authz.get("acls")) {
        Map<String, Object> r = (Map<String, Object>) a.get("resource");
        list.add(
            new Acl(
                (String) r.get("type"),
                (String) r.get("name"),
                (String) r.getOrDefault("patternType", "literal"),
                new TreeSet<>((List<String>) a.get("operations"))));
      }
      out.put(name(u), list);
    }
    return out;
  }

  private static Set<String> with(Map<String, List<Acl>> acls, String topic, String op) {
    Set<String> out = new TreeSet<>();
    acls.forEach(
        (user, list) -> {
          for (Acl a : list) {
            if (a.type().equals("topic") && a.name().equals(topic) && a.operations().contains(op)) {
              out.add(user);
            }
          }
        });
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void kafkaAclsGiveEveryTopicOneProducerAndTheGatewayNone(String dir) throws Exception {
    List<HasMetadata> objs = load(dir);
    Map<String, List<Acl>> acls = acls(objs);
    assertThat(acls.keySet())
        .as("one Kafka identity per service")
        .containsExactlyInAnyOrderElementsOf(Project.SERVICE_PORTS.keySet());
    acls.forEach(
        (user, list) -> {
          for (Acl a : list) {
            assertThat(a.operations()).as("%s %s", user, a).doesNotContain("All");
            assertThat(a.name()).as("%s %s", user, a).isNotEqualTo("*");
            if (a.type().equals("topic")) {
              assertThat(a.pattern())
                  .as("%s %s: topics by exact name", user, a)
                  .isEqualTo("literal");
            }
            assertThat(a.type()).as("%s %s", user, a).isIn("topic", "group");
          }
        });

    Map<String, Set<String>> consumers = consumersInTheCode();
    Set<String> writable = new TreeSet<>();
    for (String topic : OWNERS.keySet()) {
      // exactly one producer identity per topic, the one of the design
      assertThat(with(acls, topic, "Write"))
          .as("writers of %s", topic)
          .containsExactly(OWNERS.get(topic));
      // the consumers the code has may read it (and only they)
      assertThat(with(acls, topic, "Read"))
          .as("readers of %s", topic)
          .isEqualTo(consumers.getOrDefault(topic, Set.of()));
      // its dead letters come from the consumer groups that read it (spring-kafka's recoverer);
      // the gateway's live listener logs and skips instead
      Set<String> deadLetterWriters = new TreeSet<>(consumers.getOrDefault(topic, Set.of()));
      deadLetterWriters.remove("gateway-service");
      String dlt = Topics.deadLetter(topic);
      assertThat(with(acls, dlt, "Write")).as("writers of %s", dlt).isEqualTo(deadLetterWriters);
      assertThat(with(acls, dlt, "Create"))
          .as("%s is created on first use by its writers", dlt)
          .isEqualTo(deadLetterWriters);
      writable.add(topic);
      writable.add(dlt);
    }
    acls.forEach(
        (user, list) -> {
          for (Acl a : list) {
            if (a.operations().contains("Write")) {
              assertThat(writable).as("%s writes %s", user, a.name()).contains(a.name());
            }
          }
        });
    // the gateway reads, and writes, creates, deletes or alters nothing
    assertThat(acls.get("gateway-service"))
        .allMatch(a -> Set.of("Read", "Describe").containsAll(a.operations()));
    // each consumer group the code uses is one its identity may read
    consumerGroupsInTheCode()
        .forEach(
            (svc, groups) -> {
              for (String[] g : groups) {
                assertThat(acls.get(svc))
                    .as("%s may read as group %s (%s)", svc, g[0], g[1])
                    .anyMatch(
                        a ->
                            a.type().equals("group")
                                && a.operations().contains("Read")
                                && (a.pattern().equals("prefix")
                                    ? g[0].startsWith(a.name())
                                    : g[1].equals("literal") && a.name().equals(g[0])));
              }
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void servicesReachKafkaOnlyOverTlsWithTheirOwnCertificate(String dir) throws Exception {
    List<HasMetadata> objs = load(dir);
    @SuppressWarnings("unchecked")
    Map<String, Object> kafka =
        (Map<String, Object>)
            crs(objs, "Kafka").get(0).<Map<String, Object>>get("spec").get("kafka");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> listeners = (List<Map<String, Object>>) kafka.get("listeners");
    assertThat(listeners).isNotEmpty();
    for (Map<String, Object> l : listeners) {
      assertThat(l.get("tls")).as("listener %s", l.get("name")).isEqualTo(true);
      assertThat(l.get("authentication"))
          .as("listener %s", l.get("name"))
          .isEqualTo(Map.of("type", "tls"));
    }
    assertThat(kafka.get("authorization")).isEqualTo(Map.of("type", "simple"));

    Map<String, String> common = configMap(objs, "pvepanel-common");
    assertThat(common).containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL");
    int tlsPort = ((Number) listeners.get(0).get("port")).intValue();
    assertThat(common.get("KAFKA_BOOTSTRAP_SERVERS")).endsWith(":" + tlsPort);
    String keyStore = common.get("SPRING_KAFKA_SSL_KEY_STORE_LOCATION");
    String trustStore = common.get("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION");
    assertThat(keyStore).startsWith("file:").endsWith("/user.p12");
    assertThat(trustStore).startsWith("file:").endsWith("/ca.p12");
    for (String svc : Project.SERVICE_PORTS.keySet()) {
      Deployment d = deployment(objs, svc);
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      // the service's own KafkaUser Secret (Strimzi names it after the user), nobody else's
      assertThat(secretMountedAt(d, parent(keyStore))).as("%s key store", svc).isEqualTo(svc);
      assertThat(secretRef(c, "SPRING_KAFKA_SSL_KEY_STORE_PASSWORD")).as(svc).isEqualTo(svc);
      assertThat(secretMountedAt(d, parent(trustStore)))
          .as("%s trust store", svc)
          .isEqualTo("pvepanel-cluster-ca-cert");
      assertThat(secretRef(c, "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD"))
          .isEqualTo("pvepanel-cluster-ca-cert");
      assertThat(Project.placeholders(svc)).as(svc).contains("KAFKA_SECURITY_PROTOCOL");
    }
  }

  private static String parent(String fileUrl) {
    String path = fileUrl.substring("file:".length());
    return path.substring(0, path.lastIndexOf('/'));
  }

  private static final Pattern LISTENER =
      Pattern.compile("@KafkaListener\\((.*?)\\)\\s*(public|void|@)", Pattern.DOTALL);
  private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z_]+)");
  private static final Pattern GROUP_ID = Pattern.compile("groupId\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern YML_GROUP = Pattern.compile("(?m)^\\s*group-id:\\s*(\\S+)");
  private static final Pattern GATEWAY_PREFIX =
      Pattern.compile("@DefaultValue\\(\"([^\"]+)\"\\)\\s*String consumerGroupPrefix");

  private static List<String> listenerAnnotations(String module) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Project.root().resolve(module).resolve("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = LISTENER.matcher(Files.readString(f));
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  /** Topic → the services with a {@code @KafkaListener} on it. */
  private static Map<String, Set<String>> consumersInTheCode() throws Exception {
    Map<String, Set<String>> out = new HashMap<>();
    for (String svc : Project.SERVICE_PORTS.keySet()) {
      for (String annotation : listenerAnnotations(svc)) {
        Matcher t = TOPIC_CONSTANT.matcher(annotation);
        while (t.find()) {
          String topic = (String) Topics.class.getField(t.group(1)).get(null);
          out.computeIfAbsent(topic, k -> new TreeSet<>()).add(svc);
        }
      }
    }
    assertThat(out).as("listeners found in the code").isNotEmpty();
    return out;
  }

  /**
   * Service → its consumer groups as {name, literal|prefix}: a prefix group ({@code
   * x-${random.uuid}}) is covered only by a prefix ACL it starts with.
   */
  private static Map<String, List<String[]>> consumerGroupsInTheCode() throws Exception {
    Map<String, List<String[]>> out = new TreeMap<>();
    Path root = Project.root();
    for (String svc : Project.SERVICE_PORTS.keySet()) {
      String yml =
          Files.readString(root.resolve(svc).resolve("src/main/resources/application.yml"));
      Matcher y = YML_GROUP.matcher(yml);
      String defaultGroup = y.find() ? y.group(1) : null;
      for (String annotation : listenerAnnotations(svc)) {
        Matcher g = GROUP_ID.matcher(annotation);
        String group = g.find() ? g.group(1) : defaultGroup;
        assertThat(group).as("%s listener without a group", svc).isNotNull();
        String[] entry;
        if (group.equals("#{@liveConsumerGroup}")) {
          Matcher p =
              GATEWAY_PREFIX.matcher(
                  Files.readString(
                      root.resolve(
                          "gateway-service/src/main/java/io/pvepanel/gateway/config/GatewayProperties.java")));
          assertThat(p.find()).as("the gateway's consumer-group-prefix default").isTrue();
          entry = new String[] {p.group(1), "prefix"};
        } else if (group.contains("${")) {
          entry = new String[] {group.substring(0, group.indexOf("${")), "prefix"};
        } else {
          entry = new String[] {group, "literal"};
        }
        out.computeIfAbsent(svc, k -> new ArrayList<>()).add(entry);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- node SSH key

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
  void theNodeSshKeyIsAMountedFileNotAnEnvironmentValue(String dir) throws Exception {
    List<HasMetadata> objs = load(dir);
    Deployment control = deployment(objs, "server-control-service");
    assertThat(secretMountedAt(control, "/etc/pvepanel/node-ssh")).isEqualTo("pvepanel-node-ssh");
    Volume v =
        control.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(
                x ->
                    x.getSecret() != null
                        && "pvepanel-node-ssh".equals(x.getSecret().getSecretName()))
            .findFirst()
            .orElseThrow();
    assertThat(v.getSecret().getDefaultMode()).as("not world-readable").isEqualTo(0440);
    for (String svc : Project.SERVICE_PORTS.keySet()) {
      Container c = deployment(objs, svc).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getEnv())
          .as("%s: no SSH key in the environment", svc)
          .noneMatch(e -> e.getName().contains("SSH"));
      if (!svc.equals("server-control-service")) {
        assertThat(secretMountedAt(deployment(objs, svc), "/etc/pvepanel/node-ssh"))
            .as(svc)
            .isNull();
      }
    }
  }

  @Test
  void theDocumentedClusterJsonNamesTheMountedKeyFile() throws Exception {
    String readme = Files.readString(Project.root().resolve("deploy/README.md"));
    assertThat(readme).contains("\"private-key-path\":\"/etc/pvepanel/node-ssh/id\"");
    assertThat(readme).doesNotContain("\"private-key\":");
    String env = Files.readString(Project.root().resolve(".env.example"));
    assertThat(env).doesNotContain("\"private-key\":");
  }
}
