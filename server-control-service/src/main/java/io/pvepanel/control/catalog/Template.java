package io.pvepanel.control.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An OS a container can be created from.
 *
 * @param osType Proxmox's {@code ostype}, e.g. {@code debian}, {@code ubuntu}, {@code alpine}
 * @param volumeId the template volume, e.g. {@code
 *     local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst}
 */
public record Template(
    @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be 1-64 of a-z, 0-9, -")
        String id,
    @NotBlank @Size(max = 100) String name,
    @NotNull @Pattern(regexp = "[a-z][a-z0-9]{1,31}", message = "must be a Proxmox ostype")
        String osType,
    @NotNull
        @Pattern(
            regexp = "[A-Za-z][A-Za-z0-9_.-]*:vztmpl/[^/\\s]+",
            message = "must be a template volume like local:vztmpl/<file>")
        String volumeId,
    boolean active) {}
