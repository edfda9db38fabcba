package io.pvepanel.rsocket;

/** The request of {@link Routes#PROVIDER_KEY}: a provider key as the caller presented it. */
public record ProviderKeyRequest(String key) {}
