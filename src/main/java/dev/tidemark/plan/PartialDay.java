package dev.tidemark.plan;

import dev.tidemark.config.LandingLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The first or last day of a backfill whose range starts or ends within it, in an hourly layout:
 * only the files of the range's hours are read. What the ledger then records of the day is those
 * files and the ones it recorded before under the same configuration, never a file no run read, so
 * a file in an hour outside the range is still found as new by a later run.
 */
final class PartialDay {
  private PartialDay() {}

  /**
   * @param first the first hour of the day in the range
   * @param last the last hour of the day in the range, inclusive
   */
  static FolderPlan decide(
      LandingLayout layout,
      LandingFolder listed,
      int first,
      int last,
      RunMode mode,
      String configHash,
      Optional<PublishedFolder> before) {
    boolean sameConfig = before.map(b -> b.configHash().equals(configHash)).orElse(false);
    Set<SourceFile> seen = sameConfig ? new HashSet<>(before.get().files()) : Set.of();
    List<SourceFile> inHours = new ArrayList<>();
    List<SourceFile> recorded = new ArrayList<>();
    for (SourceFile file : listed.files()) {
      OptionalInt hour = layout.hourOf(listed.date(), file.path());
      boolean in = hour.isPresent() && hour.getAsInt() >= first && hour.getAsInt() <= last;
      if (in) {
        inHours.add(file);
      }
      if (in || seen.contains(file)) {
        recorded.add(file);
      }
    }
    LandingFolder record = new LandingFolder(listed.date(), listed.path(), recorded);
    if (inHours.isEmpty()) {
      return new FolderPlan(
          record, record.isEmpty() ? FolderAction.MISSING : FolderAction.UNCHANGED, List.of());
    }
    if (mode.readsEverything() || !sameConfig) {
      return new FolderPlan(record, FolderAction.READ_ALL, inHours);
    }
    List<SourceFile> fresh = inHours.stream().filter(f -> !seen.contains(f)).toList();
    return fresh.isEmpty()
        ? new FolderPlan(record, FolderAction.UNCHANGED, List.of())
        : new FolderPlan(record, FolderAction.READ_NEW_FILES, fresh);
  }
}
