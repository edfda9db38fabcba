package io.pvepanel.bench.gateway;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The backend of the gateway throughput benchmark: answers every request with a small fixed JSON
 * document, like a cheap service endpoint. {@code java ... BenchBackend <port>}.
 */
public final class BenchBackend {

  private static final String BODY =
      "{\"id\":\"101\",\"name\":\"web01\",\"status\":\"running\",\"cpuPercent\":12.5}";

  private BenchBackend() {}

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18081;
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(port)
            .handle(
                (req, res) ->
                    res.header("Content-Type", "application/json").sendString(Mono.just(BODY)))
            .bindNow();
    System.out.println("bench backend on " + server.port());
    server.onDispose().block();
  }
}
