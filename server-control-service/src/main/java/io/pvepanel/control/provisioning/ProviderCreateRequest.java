package io.pvepanel.control.provisioning;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The provider's create: {@code {"customerId", "planId", "templateId", "hostname",
 * "sshPublicKeys"?, "node"?}}.
 *
 * @param customerId the owner: the user id of the customer's tokens
 * @param node a node of the cluster; absent: the online node with the most free memory
 */
record ProviderCreateRequest(
    @NotBlank(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9@._-]{1,64}", message = "must be a user id")
        String customerId,
    @NotBlank(message = "is required") @Size(max = 64) String planId,
    @NotBlank(message = "is required") @Size(max = 64) String templateId,
    @NotNull(message = "is required")
        @Pattern(regexp = CreateRequest.HOSTNAME, message = CreateRequest.HOSTNAME_MESSAGE)
        String hostname,
    @Size(max = 10, message = "may hold at most 10 keys")
        List<
                @NotNull @Size(max = 8192)
                @Pattern(regexp = CreateRequest.SSH_KEY, message = CreateRequest.SSH_KEY_MESSAGE)
                String>
            sshPublicKeys,
    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9.-]{0,63}", message = "must be a node name")
        String node) {

  ProvisioningService.NewServer wanted() {
    return new ProvisioningService.NewServer(
        planId, templateId, hostname, sshPublicKeys == null ? List.of() : sshPublicKeys, node);
  }
}
