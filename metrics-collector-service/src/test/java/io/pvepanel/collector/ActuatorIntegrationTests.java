package io.pvepanel.collector;

import io.pvepanel.testsupport.ActuatorContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class ActuatorIntegrationTests extends CollectorIntegrationTest implements ActuatorContract {

  @Autowired WebTestClient http;

  @Override
  public WebTestClient http() {
    return http;
  }
}
