package io.pvepanel.notification.template;

/** A notification ready to send: subject, plain-text part and HTML part. */
public record RenderedMail(String subject, String text, String html) {}
