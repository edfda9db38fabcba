package io.pvepanel.control.provider;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * {@code {"name", "scopes": ["provisioning"|"read"|"support", …], "expiresAt"?}}.
 *
 * @param name unique; the audit log's actor is {@code key:<name>}
 * @param expiresAt when the key stops working; absent: never
 */
record KeyRequest(
    @NotBlank(message = "is required")
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,59}",
            message = "must be 1-60 letters, digits, dots, dashes or underscores")
        String name,
    @NotEmpty(message = "must name at least one scope") @Size(max = 3)
        List<
                @NotBlank
                @Pattern(
                    regexp = "provisioning|read|support",
                    message = "must be provisioning, read or support")
                String>
            scopes,
    @Future(message = "must be in the future") Instant expiresAt) {}
