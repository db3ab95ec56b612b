package dev.tidemark.testing;

import java.util.List;
import java.util.Map;

/** Reads the HTML report's parts out of the DOM a real browser built. */
public final class ReportPage {
  private ReportPage() {}

  /**
   * The runs table as shown, newest first: per row its run id under "id", and each cell's exact
   * data-value under its data-field (null where the cell shows no value).
   */
  @SuppressWarnings("unchecked")
  public static List<Map<String, String>> runsTable(Browser browser) {
    return (List<Map<String, String>>)
        browser.js(
            """
            return Array.from(document.querySelectorAll('[data-section=runs] tbody tr'))
              .map(tr => {
                const row = {id: tr.dataset.runId};
                tr.querySelectorAll('td[data-field]').forEach(td => {
                  row[td.dataset.field] = td.dataset.value === undefined ? null : td.dataset.value;
                });
                return row;
              });
            """);
  }
}
