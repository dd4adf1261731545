package dev.remise.s3.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * A minimal streaming XML writer for S3 response bodies: elements with text, and a namespace on the
 * root. It writes straight to an {@link Appendable}, so a large listing need not be built twice,
 * and it cannot produce markup from data: every text goes through {@link #escape}.
 *
 * <p>Object keys may hold characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE,
 * U+FFFF). They are written as character references ({@code &#x1;}), which loses nothing but which
 * strict XML 1.0 parsers reject; that is what S3's {@code encoding-type=url} is for, and why SDKs
 * ask for it. Lone surrogates, which UTF-8 cannot encode, become U+FFFD; well-formed keys never
 * contain one. The caller encodes the output as UTF-8, as the declaration says.
 */
public final class XmlWriter {
  static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private final Appendable out;
  private final Deque<String> open = new ArrayDeque<>();

  private XmlWriter(Appendable out) {
    this.out = out;
  }

  /** Starts a document on {@code out} with the XML declaration. */
  public static XmlWriter document(Appendable out) {
    XmlWriter writer = new XmlWriter(out);
    writer.raw(DECLARATION);
    return writer;
  }

  /** Opens an element. */
  public XmlWriter start(String name) {
    raw("<").raw(checkName(name)).raw(">");
    open.push(name);
    return this;
  }

  /**
   * Opens an element declaring {@code namespace} as the default namespace, as S3 does on its root
   * elements.
   */
  public XmlWriter start(String name, String namespace) {
    raw("<").raw(checkName(name)).raw(" xmlns=\"").raw(escape(namespace)).raw("\">");
    open.push(name);
    return this;
  }

  /** Closes the innermost open element. */
  public XmlWriter end() {
    if (open.isEmpty()) {
      throw new IllegalStateException("no element to close");
    }
    return raw("</").raw(open.pop()).raw(">");
  }

  /** Writes escaped text inside the current element. */
  public XmlWriter text(String text) {
    if (open.isEmpty()) {
      throw new IllegalStateException("text outside the root element");
    }
    return raw(escape(text));
  }

  /** {@code <name>text</name>}; an empty text gives {@code <name></name>}, as AWS writes it. */
  public XmlWriter element(String name, String text) {
    return start(name).text(text).end();
  }

  /** An element whose text is a number. */
  public XmlWriter element(String name, long value) {
    return element(name, Long.toString(value));
  }

  /** An element whose text is {@code true} or {@code false}. */
  public XmlWriter element(String name, boolean value) {
    return element(name, Boolean.toString(value));
  }

  /**
   * Writes the element only when {@code text} is not {@code null}: S3 omits absent optional
   * elements.
   */
  public XmlWriter optionalElement(String name, String text) {
    return text == null ? this : element(name, text);
  }

  /** Checks that every element was closed. */
  public void finish() {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed element " + open.peek());
    }
  }

  /**
   * Escapes text for element content or an attribute value: the five predefined entities, carriage
   * return (which a parser would otherwise turn into a line feed), and controls and non-characters
   * as character references.
   */
  public static String escape(String text) {
    StringBuilder escaped = null;
    int i = 0;
    while (i < text.length()) {
      // codePointAt yields a lone surrogate as itself, so replacement() sees it.
      int codePoint = text.codePointAt(i);
      String replacement = replacement(codePoint);
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (escaped != null) {
        if (replacement == null) {
          escaped.appendCodePoint(codePoint);
        } else {
          escaped.append(replacement);
        }
      }
      i += Character.charCount(codePoint);
    }
    return escaped == null ? text : escaped.toString();
  }

  /** What a code point is written as, or {@code null} to write it as it is. */
  private static String replacement(int codePoint) {
    return switch (codePoint) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&apos;";
      case '\t', '\n' -> null;
      default -> {
        if (codePoint < 0x20
            || (codePoint >= 0x7F && codePoint <= 0x9F)
            || codePoint == 0xFFFE
            || codePoint == 0xFFFF) {
          yield "&#x" + Integer.toHexString(codePoint).toUpperCase(Locale.ROOT) + ";";
        }
        if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
          yield "\uFFFD";
        }
        yield null;
      }
    };
  }

  private XmlWriter raw(String s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private static String checkName(String name) {
    if (name.isEmpty()
        || !name.chars().allMatch(ch -> ch < 0x80 && Character.isLetterOrDigit(ch))) {
      throw new IllegalArgumentException("not an S3 element name: " + name);
    }
    return name;
  }
}
