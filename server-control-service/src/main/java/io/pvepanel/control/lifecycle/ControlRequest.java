package io.pvepanel.control.lifecycle;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** {@code {"action": "start|stop|shutdown|restart|reboot|suspend|resume"}}. */
record ControlRequest(
    @NotNull
        @Pattern(
            regexp = "start|stop|shutdown|restart|reboot|suspend|resume",
            message = "must be one of start, stop, shutdown, restart, reboot, suspend, resume")
        String action) {}
