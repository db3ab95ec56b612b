package dev.tidemark.report.html;

/**
 * Builds markup with every piece of text escaped on the way in, so no caller can forget: pipeline
 * names, keys, raw rows, paths and errors are user data and may hold {@code <script>} or {@code &}.
 * Only {@link #raw} takes markup as is, and only markup this package made.
 */
final class Html {
  private final StringBuilder out;

  Html() {
    this(1024);
  }

  Html(int capacity) {
    out = new StringBuilder(capacity);
  }

  /** Text for an element's content or an attribute's value: the five special characters escaped. */
  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  /**
   * {@code <tag name="value" ...>}. Attributes come in name, value pairs; a pair whose value is
   * null is left out, so an absent number simply has no {@code data-value}.
   */
  Html open(String tag, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append('>');
    return this;
  }

  /**
   * An SVG element without content ({@code <line .../>}). SVG only: in HTML, {@code <i/>} opens an
   * element that never closes and swallows what follows; there use {@link #element} with "".
   */
  Html svgLeaf(String tag, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append("/>");
    return this;
  }

  Html close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag ...>text</tag>}, the text escaped. */
  Html element(String tag, String text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  Html text(String text) {
    out.append(escape(text));
    return this;
  }

  /** Markup made by this package (a nested builder's output, a constant): appended as is. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  Html raw(Html markup) {
    out.append(markup.out);
    return this;
  }

  private void attributes(String... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("Attributes come in name, value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i + 1] != null) {
        out.append(' ').append(attributes[i]).append("=\"");
        out.append(escape(attributes[i + 1])).append('"');
      }
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
