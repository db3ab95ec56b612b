/**
 * The only place Tidemark touches Spark's and Delta's internal classes (catalyst, the Parquet
 * schema converter, Delta's conflict exceptions), each behind one small method: when a Spark or
 * Delta upgrade (or Databricks' own Delta) moves them, this package is what changes. It depends on
 * no other Tidemark package; an ArchUnit test keeps internals out of the others.
 */
package dev.tidemark.spark.internal;
