package dev.tidemark.report.html;

/**
 * The page's only stylesheet, inlined in its {@code <style>}: the report is one file that opens
 * anywhere, offline, so nothing (fonts, images, {@code url()}) is fetched. System fonts only.
 * Status colours are the same everywhere: failed red, rejected crimson, breached orange,
 * interrupted purple, running grey, rollback blue-grey (and its dashed line across the charts).
 */
final class Stylesheet {
  private Stylesheet() {}

  static final String CSS =
      """
      *{box-sizing:border-box}
      body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",\
      Arial,sans-serif;color:#1f2933;background:#f5f7fa}
      .page,main,footer{max-width:1240px;margin:0 auto;padding:16px 20px}
      .page h1{margin:0 0 4px;font-size:22px}
      nav a{margin-right:14px}
      section.pipeline{background:#fff;border:1px solid #dde3ea;border-radius:8px;\
      padding:16px 20px;margin:0 0 24px;min-width:0}
      h2{margin:0 0 12px;font-size:20px;overflow-wrap:anywhere}
      h3{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #e4e7eb;padding-bottom:4px}
      h4{font-size:13px;margin:12px 0 6px;color:#52606d}
      .facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px;margin:0}
      .facts div{background:#f5f7fa;border-radius:6px;padding:6px 10px;min-width:0}
      .facts dt{font-size:11px;text-transform:uppercase;color:#616e7c;letter-spacing:.03em}
      .facts dd{margin:0;font-weight:600;overflow-wrap:anywhere}
      .alert{background:#fdecea;border-left:4px solid #c62828;padding:8px 12px;margin:12px 0}
      .warn{background:#fff8e1;border-left:4px solid #f9a825;padding:8px 12px;margin:12px 0}
      .alert ul{margin:4px 0 0;padding-left:20px}
      .ok{color:#2e7d32;margin:12px 0}
      ul.inline{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:2px 14px}
      .note{color:#52606d}
      .empty{color:#616e7c;font-style:italic}
      .legend{white-space:nowrap;color:#52606d;font-size:12px}
      .legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin:0 4px 0 10px}
      .legend i.dot{width:9px;height:9px;border-radius:50%}
      .legend i.day{width:12px;height:12px;line-height:12px}
      .legend i.event{width:0;height:12px;border-left:2px dashed #37474f}
      .dot.failed{background:#c62828}.dot.rejected{background:#ad1457}\
      .dot.breached{background:#ef6c00}.dot.interrupted{background:#8e24aa}\
      .dot.running{background:#9e9e9e}.dot.rollback{background:#37474f}
      .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(460px,100%),1fr));gap:12px}
      figure.chart{margin:0;border:1px solid #e4e7eb;border-radius:6px;padding:8px;min-width:0}
      figcaption{font-size:13px;margin-bottom:4px}
      figure.chart svg{display:block;width:100%;height:auto}
      svg text{font-size:12px;fill:#52606d;stroke:none}
      svg .ytick{text-anchor:end;dominant-baseline:middle}
      svg .unit{font-weight:600}
      svg .grid line{stroke:#e4e7eb}
      svg .xaxis line{stroke:#9aa5b1}
      svg polyline{stroke-width:1.5;stroke-linejoin:round}
      svg.dense polyline{stroke-width:.8}
      svg circle{stroke:none}
      svg circle:hover{stroke:#1f2933;stroke-width:1.5}
      svg .ref{stroke:#455a64;stroke-dasharray:6 4;stroke-width:1.2}
      svg .ref-label{fill:#455a64;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
      svg .empty{text-anchor:middle;font-style:italic}
      svg .failed{fill:#c62828}svg .rejected{fill:#ad1457}svg .breached{fill:#ef6c00}\
      svg .interrupted{fill:#8e24aa}svg .running{fill:#9e9e9e}svg .rollback{fill:#37474f}
      svg line.event{stroke:#37474f;stroke-dasharray:3 3;stroke-width:1.5}
      .scroll{overflow-x:auto;max-width:100%}
      table{border-collapse:collapse;font-size:12.5px}
      th,td{padding:4px 8px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
      th{background:#f5f7fa;font-weight:600;white-space:nowrap}
      td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .nowrap{white-space:nowrap}
      td.id{white-space:nowrap}
      td.id,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
      .clip{display:block;max-width:28em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
      tr.failed td:first-child{box-shadow:inset 3px 0 #c62828}
      tr.breached td:first-child{box-shadow:inset 3px 0 #ef6c00}
      tr.interrupted td:first-child{box-shadow:inset 3px 0 #8e24aa}
      tr.rejected td:first-child{box-shadow:inset 3px 0 #ad1457}
      tr.running td:first-child{box-shadow:inset 3px 0 #9e9e9e}
      tr.rollback td:first-child{box-shadow:inset 3px 0 #37474f}
      .badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:11.5px;background:#e4e7eb}
      .badge.succeeded,.badge.passed{background:#e8f5e9;color:#1b5e20}
      .badge.failed{background:#fdecea;color:#b71c1c}
      .badge.breached,.badge.warned{background:#fff3e0;color:#e65100}
      .badge.interrupted{background:#f3e5f5;color:#6a1b9a}
      .badge.rejected{background:#fce4ec;color:#880e4f}
      .key-samples,.pair{display:flex;flex-wrap:wrap;gap:8px 32px}
      .key-samples>div{min-width:0;max-width:100%}
      table.counts{margin-top:12px}
      ul.keys{margin:0;padding-left:18px}
      ul.keys code{overflow-wrap:anywhere}
      .legend-row{display:flex;flex-wrap:wrap;gap:4px 0;margin:0 0 8px}
      .months{display:flex;flex-wrap:wrap;gap:14px 18px}
      .mname{font-size:12px;font-weight:600;margin-bottom:3px}
      .days{display:grid;grid-template-columns:repeat(7,18px);grid-auto-rows:18px;gap:2px}
      .days b{font-size:9px;line-height:18px;color:#9aa5b1;text-align:center;font-weight:400}
      .day{display:block;font-size:9px;line-height:18px;text-align:center;border-radius:3px;\
      color:#1f2933}
      .day.out{color:#cbd2d9}
      .hours{display:grid;grid-template-columns:80px repeat(24,14px);grid-auto-rows:14px;gap:2px}
      .hours b{font-size:9px;line-height:14px;color:#9aa5b1;font-weight:400}
      .hour{display:block;border-radius:2px}
      .hour.published{background:#66bb6a}
      .hour.never{background:#b0bec5}
      .hour.changed{background:#fdd835}
      .hour.none{background:repeating-linear-gradient(45deg,#eceff1 0 3px,#fff 3px 6px)}
      .hour.later{background:#f5f7fa}
      .day.processed{background:#66bb6a}
      .day.stale{background:#fdd835}
      .day.unverified{background:#ffa726}
      .day.failed{background:#e53935;color:#fff}
      .day.not_processed{background:#b0bec5}
      .day.missing{background:repeating-linear-gradient(45deg,#eceff1 0 3px,#fff 3px 6px);\
      box-shadow:inset 0 0 0 1px #90a4ae}
      footer{color:#616e7c;font-size:12px}
      """;
}
