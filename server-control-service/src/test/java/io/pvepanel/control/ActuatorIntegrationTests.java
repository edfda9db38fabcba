package io.pvepanel.control;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.ApiDocsContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class ActuatorIntegrationTests extends ControlIntegrationTest
    implements ActuatorContract, ApiDocsContract {

  @Autowired WebTestClient http;

  @Override
  public WebTestClient http() {
    return http;
  }
}
