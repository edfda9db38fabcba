package io.pvepanel.collector.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.pvepanel.collector.CollectorIntegrationTest;
import io.pvepanel.testsupport.TestTokens;
import io.pvepanel.testsupport.fuzz.HostileInputs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/**
 * Every public input of the collector's API with generated hostile values (the suite's {@link
 * HostileInputs}): server ids in the path and the history's {@code range}. None may get a 5xx, a
 * stack trace or an internal name (issue #13).
 */
class CollectorApiFuzzAttackTests extends CollectorIntegrationTest {

  static final int CASES = 60;

  @LocalServerPort int port;

  @Test
  void hostileIdsAndRangesGetA4xx() {
    String owner = "777";
    String serverId = newServerId();
    addServer(serverId, owner, 101, "lxc", false);
    String token = TestTokens.user(owner);
    List<String> texts = HostileInputs.values(HostileInputs.parameterText(), CASES);
    HostileInputs.Checker checker = new HostileInputs.Checker("http://127.0.0.1:" + port);
    for (String text : texts) {
      String segment = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
      checker.check(HttpMethod.GET, "/api/server/" + segment + "/status", null, token);
      checker.check(HttpMethod.GET, "/api/server/" + segment + "/metrics", null, token);
      checker.check(
          HttpMethod.GET, "/api/server/" + serverId + "/metrics?range=" + segment, null, token);
    }
    assertThat(checker.failures()).isEmpty();
  }
}
