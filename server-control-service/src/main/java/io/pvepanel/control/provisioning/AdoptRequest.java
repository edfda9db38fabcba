package io.pvepanel.control.provisioning;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code {"customerId", "cluster"?, "node", "vmid", "type", "hostname"?, "planId"?,
 * "templateId"?}}: an existing guest to record as the customer's server.
 *
 * @param cluster a configured cluster; absent: the default one
 * @param hostname the server's name in the panel; absent: the guest's name
 */
record AdoptRequest(
    @NotBlank(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9@._-]{1,64}", message = "must be a user id")
        String customerId,
    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "must be a cluster name")
        String cluster,
    @NotBlank(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9.-]{0,63}", message = "must be a node name")
        String node,
    @NotNull(message = "is required")
        @Min(value = 100, message = "must be at least 100")
        @Max(value = 999_999_999, message = "must be at most 999999999")
        Integer vmid,
    @NotNull(message = "is required") @Pattern(regexp = "lxc|qemu", message = "must be lxc or qemu")
        String type,
    @Pattern(regexp = CreateRequest.HOSTNAME, message = CreateRequest.HOSTNAME_MESSAGE)
        String hostname,
    @Size(max = 64) String planId,
    @Size(max = 64) String templateId) {}
