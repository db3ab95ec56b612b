package dev.tidemark.plan;

/** One raw file as listed: its full path, size in bytes and modification time (epoch ms). */
public record SourceFile(String path, long size, long modifiedAt) {}
