package io.pvepanel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The Kubernetes manifests configure Kafka's TLS through environment variables only
 * (docs/security.md, Transport): {@code KAFKA_SECURITY_PROTOCOL}, which every application.yml reads
 * as {@code spring.kafka.security.protocol}, and Boot's relaxed {@code SPRING_KAFKA_SSL_*} names
 * for the key and trust stores mounted from Strimzi's Secrets. These are exactly the variables
 * {@code k8s/base/config.yaml} and the Deployments set; every client (producer, consumer, admin)
 * gets them.
 */
class KafkaTlsSettingsTests {

  private static final Map<String, Object> KUBERNETES_ENVIRONMENT =
      Map.of(
          "KAFKA_SECURITY_PROTOCOL", "SSL",
          "SPRING_KAFKA_SSL_KEY_STORE_TYPE", "PKCS12",
          "SPRING_KAFKA_SSL_KEY_STORE_LOCATION", "file:/etc/pvepanel/kafka-user/user.p12",
          "SPRING_KAFKA_SSL_KEY_STORE_PASSWORD", "user-password",
          "SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12",
          "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/pvepanel/kafka-ca/ca.p12",
          "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", "ca-password");

  /** What every service's application.yml says. */
  private static final String APPLICATION_YML =
      "spring.kafka.security.protocol=${KAFKA_SECURITY_PROTOCOL:PLAINTEXT}";

  @Test
  void theKubernetesVariablesReachEveryClient() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
        .withPropertyValues(APPLICATION_YML)
        .withInitializer(
            ctx ->
                ctx.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "systemEnvironment", KUBERNETES_ENVIRONMENT)))
        .run(
            ctx -> {
              KafkaProperties kafka = ctx.getBean(KafkaProperties.class);
              for (Map<String, Object> client :
                  java.util.List.of(
                      kafka.buildProducerProperties(),
                      kafka.buildConsumerProperties(),
                      kafka.buildAdminProperties())) {
                assertThat(client)
                    .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL")
                    .containsEntry(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12")
                    .containsEntry(
                        SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
                        "/etc/pvepanel/kafka-user/user.p12")
                    .containsEntry(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, "user-password")
                    .containsEntry(
                        SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "/etc/pvepanel/kafka-ca/ca.p12")
                    .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "ca-password");
              }
            });
  }

  @Test
  void withoutThemClientsSpeakPlainTcp() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
        .withPropertyValues(APPLICATION_YML)
        .run(
            ctx -> {
              Map<String, Object> producer =
                  ctx.getBean(KafkaProperties.class).buildProducerProperties();
              assertThat(producer).doesNotContainKey(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
              assertThat(
                      producer.getOrDefault(
                          CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"))
                  .isEqualTo("PLAINTEXT");
            });
  }
}
