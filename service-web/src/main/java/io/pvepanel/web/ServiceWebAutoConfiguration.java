package io.pvepanel.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** Registers the suite's problem handling in every reactive web service. */
@AutoConfiguration(
    beforeName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ServiceWebAutoConfiguration {

  @Bean
  SuiteProblemHandler suiteProblemHandler() {
    return new SuiteProblemHandler();
  }

  /**
   * Bodies are read as written: a JSON number or boolean is no text ({@code "name": false} is not
   * the name "false"), so a field of the wrong type is a 400 naming it rather than a value nobody
   * sent (found by the control API's fuzz test).
   */
  @Bean
  JsonMapperBuilderCustomizer textIsOnlyText() {
    return builder ->
        builder.withCoercionConfig(
            LogicalType.Textual,
            c ->
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
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
