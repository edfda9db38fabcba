package io.pvepanel.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the suite's problem handling in every reactive web service. */
@AutoConfiguration(
    beforeName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ServiceWebAutoConfiguration {

  @Bean
  SuiteProblemHandler suiteProblemHandler() {
    return new SuiteProblemHandler();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.pvepanel.proxmox.client.ProxmoxException")
  static class ProxmoxProblems {
    @Bean
    ProxmoxProblemHandler proxmoxProblemHandler() {
      return new ProxmoxProblemHandler();
    }
  }
}
