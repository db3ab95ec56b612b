package dev.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which settings are secrets, and that their values stay out of what Tidemark prints. */
class SecretsTest {
  @Test
  void s3KeysTokensAndPasswordsAreSecretsTheProviderListIsNot() {
    assertThat(
            List.of(
                "spark.hadoop.fs.s3a.access.key",
                "spark.hadoop.fs.s3a.secret.key",
                "spark.hadoop.fs.s3a.session.token",
                "spark.hadoop.fs.s3a.bucket.raw.secret.key",
                "aws.secretAccessKey",
                "spark.hadoop.javax.jdo.option.ConnectionPassword",
                "spark.hadoop.fs.azure.account.key.credential"))
        .allMatch(Secrets::isSecret);
    assertThat(
            List.of(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "spark.hadoop.fs.s3a.endpoint",
                "spark.sql.shuffle.partitions"))
        .noneMatch(Secrets::isSecret);
  }

  @Test
  void aDumpShowsEveryKeyButNoSecretValue() {
    Map<String, String> shown =
        Secrets.redacted(
            Map.of(
                "spark.hadoop.fs.s3a.secret.key", "hunter2-secret",
                "spark.hadoop.fs.s3a.endpoint", "http://minio:9000"));
    assertThat(shown)
        .containsEntry("spark.hadoop.fs.s3a.secret.key", Secrets.REDACTED)
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://minio:9000");
    assertThat(shown.toString()).doesNotContain("hunter2");
  }

  @Test
  void aConfigurationErrorOnASecretKeyDoesNotPrintItsValue(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("test.conf"),
        "tidemark.spark.conf { \"spark.hadoop.fs.s3a.secret.key\" = [\"hunter2-secret\"] }\n");
    assertThatThrownBy(
            () -> ConfigLoader.loadSettings(new ConfigRequest(dir, "test", "none", List.of())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("spark.hadoop.fs.s3a.secret.key")
        .hasMessageContaining(Secrets.REDACTED)
        .hasMessageNotContaining("hunter2");
  }
}
