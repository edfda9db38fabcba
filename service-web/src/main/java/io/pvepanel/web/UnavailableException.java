package io.pvepanel.web;

/** Something this request needs is not answering; the caller may try again shortly. */
public class UnavailableException extends RuntimeException {

  public UnavailableException(String message) {
    super(message);
  }
}
