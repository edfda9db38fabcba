package io.pvepanel.control.customer;

import io.pvepanel.control.provider.ProviderActor;
import io.pvepanel.security.ProviderScope;
import io.pvepanel.web.NotFoundException;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The provider's customers: maps HTTP to {@link CustomerService}. */
@RestController
@Validated
@RequestMapping("/api/admin/customers")
@Tag(name = "Provider API")
class CustomerController {

  static final String ID = "[A-Za-z0-9@._-]{1,64}";

  private final CustomerService customers;

  CustomerController(CustomerService customers) {
    this.customers = customers;
  }

  @PutMapping("/{id}")
  Mono<Customer> put(
      @PathVariable @Pattern(regexp = ID, message = "must be a user id") String id,
      @Valid @RequestBody CustomerRequest request) {
    return ProviderActor.require(ProviderScope.PROVISIONING)
        .flatMap(actor -> customers.put(actor, id, request));
  }

  @GetMapping("/{id}")
  Mono<Customer> get(@PathVariable @Pattern(regexp = ID, message = "must be a user id") String id) {
    return ProviderActor.require(ProviderScope.READ)
        .then(customers.find(id))
        .switchIfEmpty(Mono.error(new NotFoundException("Customer")));
  }

  @GetMapping
  Flux<Customer> list(
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      @RequestParam(defaultValue = "0") @Min(0) int offset) {
    return ProviderActor.require(ProviderScope.READ).thenMany(customers.list(limit, offset));
  }
}
