package io.pvepanel.localsuite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the demo users as the provider's customers, as a billing system would: {@code PUT
 * /api/admin/customers/{id}} through the gateway with a support-staff token, carrying each one's
 * contact address. Their servers' alert mail then reaches them although they never chose an address
 * themselves.
 */
public final class DemoCustomers {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private DemoCustomers() {}

  /**
   * Registers one customer per demo owner; retried for up to {@code within} while the gateway or
   * the control service answers 5xx or not at all. Fails when a registration is refused.
   */
  public static void register(
      String gatewayUrl, String adminToken, List<SuiteContext.DemoServer> demo, Duration within)
      throws InterruptedException {
    Map<String, String> owners = new LinkedHashMap<>();
    for (SuiteContext.DemoServer d : demo) {
      if (d.ownerEmail() != null) {
        owners.putIfAbsent(d.ownerId(), d.ownerEmail());
      }
    }
    Instant deadline = Instant.now().plus(within);
    for (Map.Entry<String, String> owner : owners.entrySet()) {
      String body =
          "{\"email\":\""
              + owner.getValue()
              + "\",\"name\":\"Demo user "
              + owner.getKey()
              + "\",\"locale\":\"en\"}";
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/admin/customers/" + owner.getKey()))
              .timeout(Duration.ofSeconds(5))
              .header("Authorization", "Bearer " + adminToken)
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(body))
              .build();
      while (true) {
        String failure;
        try {
          HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) {
            break;
          }
          if (response.statusCode() < 500) {
            throw new IllegalStateException(
                "registering demo customer "
                    + owner.getKey()
                    + ": "
                    + response.statusCode()
                    + " "
                    + response.body());
          }
          failure = response.statusCode() + " " + response.body();
        } catch (IOException e) {
          failure = e.toString();
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "registering demo customer " + owner.getKey() + " failed: " + failure);
        }
        Thread.sleep(250);
      }
    }
  }
}
