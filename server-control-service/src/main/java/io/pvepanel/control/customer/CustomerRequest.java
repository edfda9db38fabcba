package io.pvepanel.control.customer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code PUT /api/admin/customers/{id}}: the whole record (absent fields become empty, absent
 * limits unlimited).
 */
record CustomerRequest(
    @Email(message = "must be an e-mail address") @Size(max = 254) String email,
    @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}\\u2028\\u2029]*", message = "must be one line")
        String name,
    @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}", message = "must be a BCP 47 tag")
        String locale,
    @Valid EntitlementsRequest entitlements) {

  record EntitlementsRequest(
      @Min(0) @Max(100_000) Integer maxServers,
      @Min(0) @Max(10_000_000) Integer maxCores,
      @Min(0) @Max(2_000_000_000) Integer maxMemoryMib,
      @Min(0) @Max(2_000_000_000) Integer maxDiskGib,
      @Size(max = 50)
          List<@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String> plans) {

    Customer.Entitlements value() {
      return new Customer.Entitlements(maxServers, maxCores, maxMemoryMib, maxDiskGib, plans);
    }
  }
}
