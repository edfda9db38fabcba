package io.pvepanel.alerting.ingest;

/** A record that can never be processed (bad JSON, missing fields): straight to the DLT. */
class UnprocessableRecordException extends RuntimeException {

  UnprocessableRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
