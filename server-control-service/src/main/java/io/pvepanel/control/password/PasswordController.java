package io.pvepanel.control.password;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The root password change: the one response that carries a password, never cached. */
@RestController
class PasswordController {

  private final PasswordService passwords;

  PasswordController(PasswordService passwords) {
    this.passwords = passwords;
  }

  @PostMapping("/api/server/{id}/change-password")
  Mono<ResponseEntity<PasswordService.NewPassword>> change(@PathVariable String id) {
    return passwords
        .change(id)
        .map(
            pw ->
                ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore())
                    .header("Pragma", "no-cache")
                    .body(pw));
  }
}
