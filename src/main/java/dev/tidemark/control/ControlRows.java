package dev.tidemark.control;

import dev.tidemark.plan.FolderAction;
import dev.tidemark.plan.FolderPlan;
import dev.tidemark.plan.LandingFolder;
import dev.tidemark.plan.SourceFile;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Conversions between control-table rows and Java values, for either date/time API setting. */
final class ControlRows {
  private ControlRows() {}

  static Optional<LocalDate> date(Row row, String field) {
    Object value = row.getAs(field);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(value instanceof Date d ? d.toLocalDate() : (LocalDate) value);
  }

  static Optional<Instant> instant(Row row, String field) {
    Object value = row.getAs(field);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(value instanceof Timestamp t ? t.toInstant() : (Instant) value);
  }

  static Optional<String> string(Row row, String field) {
    return Optional.ofNullable(row.getAs(field));
  }

  static Optional<Long> longValue(Row row, String field) {
    Object value = row.getAs(field);
    return value == null ? Optional.empty() : Optional.of(((Number) value).longValue());
  }

  /**
   * An hour column's value (0 to 23); empty where NULL, or where the row has no such column (a
   * table an older Tidemark wrote, read without migrating it).
   */
  static Optional<Integer> hour(Row row, String field) {
    if (!java.util.Arrays.asList(row.schema().fieldNames()).contains(field)
        || row.isNullAt(row.fieldIndex(field))) {
      return Optional.empty();
    }
    return Optional.of(((Number) row.getAs(field)).intValue());
  }

  static Row fileRow(SourceFile f) {
    return RowFactory.create(f.path(), f.size(), Instant.ofEpochMilli(f.modifiedAt()));
  }

  static List<Row> fileRows(List<SourceFile> files) {
    return files.stream().map(ControlRows::fileRow).toList();
  }

  static List<SourceFile> files(Row row, String field) {
    List<Row> rows = row.getList(row.fieldIndex(field));
    List<SourceFile> files = new ArrayList<>();
    for (Row r : rows) {
      files.add(
          new SourceFile(
              r.getString(0),
              r.getLong(1),
              instant(r, "modified_at").orElseThrow().toEpochMilli()));
    }
    return files;
  }

  static Row plannedFolderRow(FolderPlan f) {
    return RowFactory.create(
        f.folder().date(),
        f.folder().path(),
        f.action().label(),
        f.folder().fingerprint(),
        fileRows(f.folder().files()),
        f.toRead().stream().map(SourceFile::path).toList());
  }

  /** A stored plan entry: the folder as listed at planning time, and the files the run read. */
  static FolderPlan plannedFolder(Row r) {
    LocalDate date = date(r, "landing_date").orElseThrow();
    FolderAction action =
        FolderAction.valueOf(r.<String>getAs("action").toUpperCase().replace('-', '_'));
    List<SourceFile> files = files(r, "files");
    java.util.Set<String> read =
        new java.util.HashSet<>(r.<String>getList(r.fieldIndex("files_read")));
    return new FolderPlan(
        new LandingFolder(date, r.getAs("path"), files),
        action,
        files.stream().filter(f -> read.contains(f.path())).toList());
  }
}
