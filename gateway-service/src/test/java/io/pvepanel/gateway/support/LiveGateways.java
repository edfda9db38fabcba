package io.pvepanel.gateway.support;

import io.pvepanel.events.Topics;
import io.pvepanel.gateway.GatewayApplication;
import io.pvepanel.gateway.live.LiveEventsListener;
import io.pvepanel.proxmox.simulator.ProxmoxSimulator;
import io.pvepanel.testsupport.TestKafkaBroker;
import io.pvepanel.testsupport.TestProxmox;
import io.pvepanel.testsupport.TestTokens;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway instances (separate application contexts on random ports) sharing one in-process
 * Kafka broker, the RSocket stub of the control service and the Proxmox simulator. Started once per
 * test JVM and shared by the live-channel and console test classes.
 */
public final class LiveGateways {

  private static LiveGateways instance;

  public final TestKafkaBroker kafka;
  public final StubControl control;
  public final ProxmoxSimulator proxmox;
  public final ConfigurableApplicationContext a;
  public final ConfigurableApplicationContext b;
  private final KafkaProducer<String, String> producer;

  public static synchronized LiveGateways get() {
    if (instance == null) {
      instance = new LiveGateways();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
    }
    return instance;
  }

  private LiveGateways() {
    kafka =
        TestKafkaBroker.start(
            Topics.SERVER_METRICS,
            Topics.SERVER_EVENTS,
            Topics.ALERT_EVENTS,
            Topics.SERVER_INVENTORY);
    control = new StubControl();
    proxmox = TestProxmox.start(Duration.ZERO);
    a = start();
    b = start();
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    p.put("linger.ms", "0");
    producer = new KafkaProducer<>(p);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                a.getBean(LiveEventsListener.class).isAssigned()
                    && b.getBean(LiveEventsListener.class).isAssigned());
  }

  private ConfigurableApplicationContext start() {
    Map<String, Object> props =
        Map.ofEntries(
            Map.entry("server.port", "0"),
            Map.entry("management.server.port", "0"),
            Map.entry("spring.kafka.bootstrap-servers", kafka.bootstrapServers()),
            Map.entry("pvepanel.security.jwt.algorithm", "HS256"),
            Map.entry("pvepanel.security.jwt.secret", TestTokens.SECRET),
            Map.entry("pvepanel.security.jwt.require-scope", "false"),
            Map.entry("pvepanel.gateway.backends.control-rsocket", control.url()),
            // short, but well above a cold gateway's first token check on a busy two-core machine
            Map.entry("pvepanel.gateway.live.auth-timeout", "5s"),
            Map.entry("pvepanel.gateway.live.expiring-lead", "2s"),
            Map.entry("pvepanel.gateway.live.send-buffer", "64"),
            Map.entry("pvepanel.gateway.live.close-grace", "1s"),
            Map.entry("pvepanel.gateway.live.allowed-origins", "https://panel.example.test"),
            // every socket of these tests comes from 127.0.0.1, the attack and fuzz tests' refused
            // auth frames included: the per-address budgets are tested on a gateway of their own
            // (InBandAuthenticationAttackTests, RateLimitAttackTests)
            Map.entry("pvepanel.gateway.rate-limits.failed-authentications.capacity", "1000000"),
            Map.entry("pvepanel.gateway.rate-limits.general.capacity", "1000000"),
            // consoles: limits short enough for the attack tests to watch them act
            Map.entry("pvepanel.gateway.console.auth-timeout", "3s"),
            Map.entry("pvepanel.gateway.console.idle-timeout", "2s"),
            Map.entry("pvepanel.gateway.console.max-duration", "6s"),
            Map.entry("spring.kafka.consumer.properties.metadata.max.age.ms", "1000"),
            Map.entry("management.endpoints.web.exposure.include", "health"));
    // command-line arguments: above application.yml (default properties would be below it)
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(GatewayApplication.class).run(args);
  }

  public static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  public String wsUrl(ConfigurableApplicationContext context) {
    return "ws://127.0.0.1:" + port(context) + "/ws";
  }

  public void publish(String topic, String key, String value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void close() {
    try {
      producer.close(Duration.ofSeconds(2));
      a.close();
      b.close();
      control.close();
      proxmox.close();
      kafka.close();
    } catch (RuntimeException e) {
      // shutting down anyway
    }
  }
}
