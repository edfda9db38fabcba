package io.pvepanel.collector;

import io.pvepanel.testsupport.ActuatorContract;
import io.pvepanel.testsupport.ApiDocsContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.web.reactive.server.WebTestClient;

class ManagementPortAttackTests extends CollectorIntegrationTest
    implements ActuatorContract, ApiDocsContract {

  @Autowired WebTestClient http;

  @LocalManagementPort int managementPort;

  @Override
  public WebTestClient http() {
    return http;
  }

  @Override
  public int managementPort() {
    return managementPort;
  }
}
