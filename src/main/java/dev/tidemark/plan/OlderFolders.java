package dev.tidemark.plan;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the ledger says of the landing dates published before an incremental run's range, for its
 * late-file search: each date's fingerprint of its files, and a date's whole record (its files,
 * digests and run) only for the dates whose folder no longer matches it. Years of history hold
 * about a million file names; a folder unchanged since it was published needs none of them.
 *
 * @param fingerprints the fingerprint of each processed date's files, as published
 * @param records the whole records of the dates asked for
 */
public record OlderFolders(
    Map<LocalDate, String> fingerprints,
    Function<Set<LocalDate>, Map<LocalDate, PublishedFolder>> records) {
  public static final OlderFolders NONE = of(Map.of());

  public OlderFolders {
    fingerprints = Map.copyOf(fingerprints);
  }

  /** From whole records already read. */
  public static OlderFolders of(Map<LocalDate, PublishedFolder> published) {
    Map<LocalDate, PublishedFolder> copy = Map.copyOf(published);
    return new OlderFolders(
        copy.values().stream()
            .collect(Collectors.toMap(PublishedFolder::date, PublishedFolder::fingerprint)),
        dates ->
            copy.entrySet().stream()
                .filter(e -> dates.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  public boolean isEmpty() {
    return fingerprints.isEmpty();
  }
}
