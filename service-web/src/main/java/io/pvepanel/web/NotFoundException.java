package io.pvepanel.web;

/**
 * A resource the caller may not see. Foreign and unknown ids raise the same exception with the same
 * text, so the answer never tells whether an id exists.
 */
public class NotFoundException extends RuntimeException {

  private final String resource;

  public NotFoundException(String resource) {
    super(resource + " not found");
    this.resource = resource;
  }

  public String resource() {
    return resource;
  }
}
