package io.pvepanel.control.provisioning;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code {"planId"}}: the plan a server moves to. */
record ResizeRequest(@NotBlank(message = "is required") @Size(max = 64) String planId) {}
