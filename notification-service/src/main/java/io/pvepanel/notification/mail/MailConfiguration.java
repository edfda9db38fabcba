package io.pvepanel.notification.mail;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MailConfiguration {

  @Bean(destroyMethod = "close")
  MailSender mailSender(MailProperties properties) {
    return new MailSender(properties);
  }
}
