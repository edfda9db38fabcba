package io.pvepanel.collector;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.ApiDocsContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

class ActuatorIntegrationTests extends CollectorIntegrationTest
    implements ActuatorContract, ApiDocsContract {

  @Autowired WebTestClient http;

  @Override
  public WebTestClient http() {
    return http;
  }
}
