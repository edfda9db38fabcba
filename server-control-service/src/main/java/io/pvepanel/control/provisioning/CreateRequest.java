package io.pvepanel.control.provisioning;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code {"planId", "templateId", "hostname", "sshPublicKey"?}}.
 *
 * @param hostname one DNS label (RFC 1123): letters, digits and inner hyphens, at most 63
 * @param sshPublicKey one OpenSSH public key for root, optional
 */
record CreateRequest(
    @NotBlank(message = "is required") @Size(max = 64) String planId,
    @NotBlank(message = "is required") @Size(max = 64) String templateId,
    @NotNull(message = "is required")
        @Pattern(regexp = CreateRequest.HOSTNAME, message = CreateRequest.HOSTNAME_MESSAGE)
        String hostname,
    @Size(max = 8192, message = "may only be 8192 characters long")
        @Pattern(regexp = CreateRequest.SSH_KEY, message = CreateRequest.SSH_KEY_MESSAGE)
        String sshPublicKey) {

  static final String HOSTNAME = "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
  static final String HOSTNAME_MESSAGE =
      "must be a DNS label: letters, digits and inner hyphens, at most 63";
  static final String SSH_KEY =
      "(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|"
          + "sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com)"
          + " [A-Za-z0-9+/]+={0,3}( [^\\r\\n]*)?";
  static final String SSH_KEY_MESSAGE = "must be one OpenSSH public key line";
}
