package dev.remise.sigv4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request head written as in the AWS test suite ({@code "GET /path?query HTTP/1.1"} then
 * {@code Name:value} lines; an indented line continues the previous value) into a {@link
 * SignedRequest}, raw, as a server would receive it.
 */
final class HttpHead {
  private HttpHead() {}

  static SignedRequest parse(String head) {
    String[] lines = head.split("\n", -1);
    String requestLine = lines[0];
    // The target may contain a space ("GET /example space/ HTTP/1.1").
    String method = requestLine.substring(0, requestLine.indexOf(' '));
    String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    String query = question < 0 ? "" : target.substring(question + 1);

    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> previous = null;
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      String line = lines[i];
      if (line.startsWith(" ") || line.startsWith("\t")) {
        previous.set(previous.size() - 1, previous.getLast() + "\n" + line);
        continue;
      }
      int colon = line.indexOf(':');
      previous = headers.computeIfAbsent(line.substring(0, colon), n -> new ArrayList<>());
      previous.add(line.substring(colon + 1));
    }
    return new SignedRequest(method, path, query, headers);
  }
}
