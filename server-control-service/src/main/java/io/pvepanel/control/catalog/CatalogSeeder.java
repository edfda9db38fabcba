package io.pvepanel.control.catalog;

import io.pvepanel.control.ControlProperties;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Fills an empty catalog with a few plans and templates the simulator's demo cluster can serve,
 * when {@code pvepanel.control.seed-catalog} is on (the local run turns it on).
 */
@Component
class CatalogSeeder {

  static final List<Plan> PLANS =
      List.of(
          new Plan("small", "Small", 1, 1024, 512, 10, 2, false, true),
          new Plan("medium", "Medium", 2, 2048, 512, 20, 5, false, true),
          new Plan("large", "Large", 4, 8192, 1024, 80, 10, false, true));

  static final List<Template> TEMPLATES =
      List.of(
          new Template(
              "debian-12",
              "Debian 12",
              "debian",
              "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
              true),
          new Template(
              "ubuntu-24-04",
              "Ubuntu 24.04",
              "ubuntu",
              "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst",
              true),
          new Template(
              "alpine-3-20",
              "Alpine 3.20",
              "alpine",
              "local:vztmpl/alpine-3.20-default_20240908_amd64.tar.xz",
              true));

  private final CatalogRepository catalog;
  private final ControlProperties properties;

  CatalogSeeder(CatalogRepository catalog, ControlProperties properties) {
    this.catalog = catalog;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void seed() {
    if (!properties.seedCatalog()) {
      return;
    }
    catalog
        .plans(true)
        .hasElements()
        .filter(has -> !has)
        .flatMapMany(
            empty ->
                Flux.concat(
                    Flux.fromIterable(PLANS).concatMap(catalog::save),
                    Flux.fromIterable(TEMPLATES).concatMap(catalog::save)))
        .subscribe();
  }
}
