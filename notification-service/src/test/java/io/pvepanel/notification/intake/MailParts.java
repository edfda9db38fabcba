package io.pvepanel.notification.intake;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.util.HashMap;
import java.util.Map;

/** The text/plain and text/html parts of a received message. */
final class MailParts {

  private MailParts() {}

  static Map<String, String> of(Part part) throws Exception {
    Map<String, String> out = new HashMap<>();
    collect(part, out);
    return out;
  }

  private static void collect(Part part, Map<String, String> out) throws Exception {
    if (part.isMimeType("text/plain")) {
      out.putIfAbsent("text", part.getContent().toString());
    } else if (part.isMimeType("text/html")) {
      out.putIfAbsent("html", part.getContent().toString());
    } else if (part.getContent() instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart child = mp.getBodyPart(i);
        collect(child, out);
      }
    }
  }
}
