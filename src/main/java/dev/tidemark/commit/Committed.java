package dev.tidemark.commit;

import dev.tidemark.control.RunRecord.WatermarkMove;

/**
 * What the commit step wrote: the interval ledger, and the watermarks unless reconciliation
 * breached or nothing moved them.
 *
 * @param moved the watermarks table was written
 */
public record Committed(WatermarkMove move, boolean moved, long millis) {}
