package io.pvepanel.rsocket;

/** The answer of {@link Routes#SERVER_ACCESS}. */
public record ServerAccessAnswer(boolean allowed) {}
