package io.pvepanel.proxmox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of the snapshot list. The list also holds the pseudo entry {@code current} ({@link
 * #isCurrent()}); build the tree from {@link #parent()}.
 *
 * @param snaptime epoch seconds, null on {@code current}
 * @param snapstate present while an operation runs ({@code prepare}, {@code delete})
 * @param vmstate QEMU only: 1 if RAM was saved
 * @param running {@code current} only: 1 if the guest runs
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(
    String name,
    String description,
    Long snaptime,
    String parent,
    String snapstate,
    Integer vmstate,
    Integer running,
    String digest) {

  public boolean isCurrent() {
    return "current".equals(name);
  }
}
