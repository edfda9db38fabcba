package io.pvepanel.notification.delivery;

import io.pvepanel.notification.template.NotificationKind;
import io.pvepanel.notification.template.RenderedMail;
import java.util.UUID;

/** A delivery to store: the rendered mail for one recipient about one event. */
public record NewDelivery(
    UUID eventId,
    NotificationKind kind,
    String recipient,
    String ownerId,
    String serverId,
    RenderedMail mail) {}
