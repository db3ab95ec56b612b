package dev.tidemark.report.html;

/**
 * A list of labelled values ({@code <dl>}) laid out as a grid of small cards: the pipeline's
 * watermarks, a reconciliation's scope. A fact that a test compares carries a field name and its
 * exact value.
 */
final class FactCards {
  private final Html html = new Html();

  FactCards() {
    html.open("dl", "class", "facts");
  }

  FactCards add(String label, String shown) {
    return add(label, shown, null, null);
  }

  FactCards add(String label, String shown, String field, String raw) {
    html.open("div")
        .element("dt", label)
        .element("dd", shown, "data-field", field, "data-value", raw)
        .close("div");
    return this;
  }

  String render() {
    return html.close("dl").toString();
  }
}
